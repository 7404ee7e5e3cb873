package io.dubboai.deployment.rollout;

/**
 * What the deployment needs of the model registry: does a model exist, and which version is meant.
 */
public interface ModelCatalog {

    /**
     * The version number {@code versionOrAlias} names for {@code model}.
     *
     * @throws UnknownModelException naming what is unknown and what exists
     */
    String resolve(String model, String versionOrAlias);

    /** Thrown by {@link #resolve} for an unknown model, version or alias. */
    final class UnknownModelException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** The field that names the unknown thing: {@code model} or {@code version}. */
        private final String field;

        public UnknownModelException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
