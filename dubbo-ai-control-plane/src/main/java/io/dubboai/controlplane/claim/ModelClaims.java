package io.dubboai.controlplane.claim;

import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * At most one activity per model: experiments ({@code dubbo-ai-abtest}) and rollouts ({@code dubbo-ai-deployment})
 * claim the document {@code model-claim.<model>} by compare-and-set before they touch the model's route rule, and
 * release it when they end. Holders are written {@code <kind>:<id>}, e.g. {@code experiment:risk-ab}.
 *
 * <p>Claiming again with the same holder succeeds (a resumed start); releasing with another holder changes nothing.
 * Threading: any thread; concurrent claimers on several replicas are settled by the store's compare-and-set.
 */
public final class ModelClaims {

    /** Prefix of the per-model claim documents. */
    public static final String KEY_PREFIX = "model-claim.";

    private static final Pattern SAFE_KEY = Pattern.compile("[a-z0-9][a-z0-9.-]{0,100}");

    private final JsonDocuments<ModelClaim> claims;

    public ModelClaims(DocumentStore store) {
        this.claims = new JsonDocuments<>(store, ModelClaim.class);
    }

    /** The holder of {@code model} ({@code <kind>:<id>}), if any. */
    public Optional<String> holder(String model) {
        return claims.read(key(model)).map(ModelClaim::holder);
    }

    /**
     * Claims {@code model} for {@code holder}.
     *
     * @throws ModelClaimedException when another holder has it
     */
    public void claim(String model, String holder) {
        String key = key(model);
        claims.create(key, new ModelClaim(model, null));
        claims.update(key, claim -> {
            if (holder.equals(claim.holder())) {
                return claim;
            }
            if (claim.holder() != null) {
                throw new ModelClaimedException(model, claim.holder(), holder);
            }
            return new ModelClaim(model, holder);
        });
    }

    /** Releases {@code model} if {@code holder} has it; otherwise changes nothing. */
    public void release(String model, String holder) {
        String key = key(model);
        if (claims.read(key).isEmpty()) {
            return;
        }
        claims.update(key, claim -> holder.equals(claim.holder()) ? new ModelClaim(model, null) : claim);
    }

    /** The claim document's key: the model name itself when it is a safe key, else a digest of it. */
    public static String key(String model) {
        if (SAFE_KEY.matcher(model).matches()) {
            return KEY_PREFIX + model;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(model.getBytes(StandardCharsets.UTF_8));
            return KEY_PREFIX + "sha256-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
