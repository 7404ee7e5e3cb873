package io.dubboai.registry.store;

import io.dubboai.registry.ModelVersion;
import io.dubboai.registry.RegisteredModel;
import io.dubboai.registry.RegistryException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.UnaryOperator;

/**
 * Keeps registered models and their versions. Reads are served from an in-memory index kept fresh by change
 * notifications; every write is a compare-and-set on the backing store, retried on conflict, so concurrent
 * writers on any number of nodes never overwrite each other.
 *
 * <p>Failures are {@link RegistryException}s ({@code NOT_FOUND}, {@code ALREADY_EXISTS}, {@code TOO_LARGE},
 * {@code UNAVAILABLE}) or {@link IllegalArgumentException}s from the records' checks; in every case nothing was
 * written.
 */
public interface MetadataStore extends AutoCloseable {

    /** Loads the index and subscribes to changes. Must be called once before anything else. */
    void start();

    /**
     * The model, from the index, or from the store when the index does not know it (yet); {@code CONFLICT} when the
     * store shows it is being deleted.
     */
    Optional<RegisteredModel> findModel(String name);

    /**
     * The model read straight from the backing store, bypassing the index (for read-after-write checks); empty
     * when it is being deleted.
     */
    Optional<RegisteredModel> loadModel(String name);

    /**
     * {@link #loadModel}, read again while the store returns a revision older than {@code atLeast} (for up to the
     * store's read lag): the read of a writer that must see its own write.
     */
    Optional<RegisteredModel> loadModel(String name, long atLeast);

    /** The version, from the index, or from the store when the index does not know it (yet). */
    Optional<ModelVersion> findVersion(String model, long version);

    /** Every model known to the index, sorted by name. */
    List<RegisteredModel> models();

    /** Every model whose name starts with {@code prefix}, sorted by name. */
    List<RegisteredModel> modelsWithPrefix(String prefix);

    /** The known versions of {@code model}, in ascending order; empty when the model is unknown. */
    List<ModelVersion> versions(String model);

    /** Registers a new model; {@code ALREADY_EXISTS} when the name is taken. */
    RegisteredModel createModel(RegisteredModel model);

    /**
     * Changes a model with compare-and-set: reads it, applies {@code change}, writes; on conflict re-reads and
     * applies {@code change} again. {@code change} must be free of side effects and return the same instance
     * when nothing is to change.
     */
    RegisteredModel updateModel(String name, UnaryOperator<RegisteredModel> change);

    /**
     * Allocates the next version number of {@code model} by compare-and-set on the model document and stores the
     * version {@code factory} builds for that number. The factory is called before anything is written, and may
     * be called again on conflict; when it throws nothing is written.
     */
    ModelVersion createVersion(String model, LongFunction<ModelVersion> factory);

    /** Changes a version with compare-and-set, like {@link #updateModel}. */
    ModelVersion updateVersion(String model, long version, UnaryOperator<ModelVersion> change);

    /** Deletes a version document; the caller removes aliases pointing at it first. */
    void deleteVersion(String model, long version);

    /**
     * Deletes a model and all its versions; returns the versions that were deleted. First marks the model as being
     * deleted by compare-and-set (from then on writes under it fail with {@code CONFLICT} and reads no longer show
     * it), then deletes the versions and the model. A delete that was interrupted is finished by calling this
     * again; the versions deleted before the interruption are not returned again.
     *
     * @param check called with the model as stored (live or already being deleted) before anything is written,
     *     and again on a retry; it throws to refuse the delete (access policy, invalid route rule)
     */
    List<ModelVersion> deleteModel(String name, Consumer<RegisteredModel> check);

    /** Describes the backing store for messages. */
    String describe();

    /** Stops listening; does not close clients passed in by the caller. */
    @Override
    void close();
}
