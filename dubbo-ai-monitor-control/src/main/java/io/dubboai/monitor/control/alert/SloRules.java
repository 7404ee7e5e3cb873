package io.dubboai.monitor.control.alert;

import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The SLO rules, one document ({@value #KEY}) in the control plane's store changed by compare-and-set, so concurrent
 * edits from several server replicas are never lost. Deleting a rule deletes its alert state too.
 */
public final class SloRules {

    /** The document holding every rule. */
    public static final String KEY = "monitoring.slo-rules";

    /** Prefix of each rule's alert-state document. */
    public static final String ALERT_KEY_PREFIX = "monitoring.alert.";

    /** Rules one store holds at most (the document stays well under 100 KiB). */
    public static final int MAX_RULES = 200;

    /** The stored form: every rule, sorted by id. */
    public record RuleSet(List<SloRule> rules) {
        /** Copies. */
        public RuleSet {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    private final JsonDocuments<RuleSet> documents;
    private final JsonDocuments<AlertState> alerts;

    /** @param store the control plane's document store */
    public SloRules(DocumentStore store) {
        this.documents = new JsonDocuments<>(store, RuleSet.class);
        this.alerts = new JsonDocuments<>(store, AlertState.class);
    }

    /** Every rule, sorted by id. */
    public List<SloRule> list() {
        return documents.read(KEY).map(RuleSet::rules).orElse(List.of());
    }

    /** The rule {@code id}, or empty. */
    public Optional<SloRule> find(String id) {
        return list().stream().filter(rule -> rule.id().equals(id)).findFirst();
    }

    /**
     * Adds a rule.
     *
     * @throws SloRuleConflictException when a rule with its id exists, or {@value #MAX_RULES} rules do
     */
    public SloRule create(SloRule rule) {
        change(rules -> {
            if (rules.stream().anyMatch(existing -> existing.id().equals(rule.id()))) {
                throw new SloRuleConflictException(
                        "an SLO rule '" + rule.id() + "' exists; replace it with PUT or" + " choose another id");
            }
            if (rules.size() >= MAX_RULES) {
                throw new SloRuleConflictException("at most " + MAX_RULES + " SLO rules are allowed; delete one first");
            }
            rules.add(rule);
        });
        return rule;
    }

    /**
     * Replaces the rule with {@code rule}'s id.
     *
     * @throws NoSuchElementException when there is none
     */
    public SloRule replace(SloRule rule) {
        change(rules -> {
            int index = indexOf(rules, rule.id());
            rules.set(index, rule);
        });
        return rule;
    }

    /**
     * Deletes the rule and its alert state (a firing alert is dropped without a resolved notification; Alertmanager
     * resolves it when its {@code endsAt} passes).
     *
     * @throws NoSuchElementException when there is none
     */
    public void delete(String id) {
        change(rules -> rules.remove(indexOf(rules, id)));
        alerts.delete(ALERT_KEY_PREFIX + id);
    }

    /** The alert state of rule {@code id}, or empty before its first evaluation. */
    public Optional<AlertState> alert(String id) {
        return alerts.read(ALERT_KEY_PREFIX + id);
    }

    JsonDocuments<AlertState> alerts() {
        return alerts;
    }

    private void change(java.util.function.Consumer<List<SloRule>> edit) {
        documents.create(KEY, new RuleSet(List.of()));
        documents.update(KEY, current -> {
            List<SloRule> rules = new ArrayList<>(current.rules());
            edit.accept(rules);
            rules.sort(Comparator.comparing(SloRule::id));
            return new RuleSet(rules);
        });
    }

    private static int indexOf(List<SloRule> rules, String id) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).id().equals(id)) {
                return i;
            }
        }
        throw new NoSuchElementException("no SLO rule '" + id + "'");
    }
}
