package io.dubboai.serving.typed;

import java.util.Objects;
import java.util.function.Function;

/**
 * A Dubbo service with the user's own Java interface, mapped onto the served model by an adapter. The provider exports
 * it next to the Open Inference Protocol service with the same model metadata parameters, so the router treats both
 * alike.
 *
 * <pre>{@code
 * interface FraudScorer { Score score(Transaction t); }
 *
 * TypedModelService.of(FraudScorer.class, model -> t -> {
 *     Map<String, Tensor> out = model.infer(List.of(Tensor.ofMatrix("features", new float[][] {t.features()})), Set.of());
 *     return new Score(out.get("probability").floats()[0]);
 * });
 * }</pre>
 *
 * @param type the service interface
 * @param adapter builds the implementation from a {@link ModelInvoker}; called once at export
 * @param <T> the service interface
 */
public record TypedModelService<T>(Class<T> type, Function<ModelInvoker, ? extends T> adapter) {

    /** Checks that {@code type} is an interface. */
    public TypedModelService {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(adapter, "adapter");
        if (!type.isInterface()) {
            throw new IllegalArgumentException(
                    "typed service type " + type.getName() + " is not an interface; Dubbo exports interfaces");
        }
    }

    /** A typed service of {@code type} implemented by {@code adapter}. */
    public static <T> TypedModelService<T> of(Class<T> type, Function<ModelInvoker, ? extends T> adapter) {
        return new TypedModelService<>(type, adapter);
    }
}
