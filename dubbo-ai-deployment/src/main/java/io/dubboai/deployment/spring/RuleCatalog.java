package io.dubboai.deployment.spring;

import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.rule.StoredRouteRule;
import io.dubboai.core.model.ModelNames;
import io.dubboai.deployment.rollout.ModelCatalog;

/**
 * The catalog of an application without the model registry: any version number is taken as it is, an alias is
 * resolved through the model's route rule.
 */
final class RuleCatalog implements ModelCatalog {

    private final RouteRuleEditor rules;

    RuleCatalog(RouteRuleEditor rules) {
        this.rules = rules;
    }

    @Override
    public String resolve(String model, String versionOrAlias) {
        if (versionOrAlias.chars().allMatch(Character::isDigit)) {
            return versionOrAlias;
        }
        return rules.read(model)
                .flatMap(StoredRouteRule::rule)
                .flatMap(rule -> rule.resolveAlias(versionOrAlias))
                .or(() -> ModelNames.checkVersion(versionOrAlias).isEmpty()
                        ? java.util.Optional.of(versionOrAlias)
                        : java.util.Optional.empty())
                .orElseThrow(() -> new UnknownModelException(
                        "version",
                        "'" + versionOrAlias + "' is neither a version nor an alias of model '" + model
                                + "' in its route rule"));
    }
}
