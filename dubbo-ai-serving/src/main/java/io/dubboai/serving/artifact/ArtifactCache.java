package io.dubboai.serving.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verified artifacts on the local disk, one file per SHA-256 digest ({@code <dir>/<sha256>}), within a size budget.
 *
 * <p>Only verified files enter: downloads land in {@code <dir>/*.part} files ({@link #newDownload}), the resolver
 * checks their digest and {@link #put}s them, which moves them into place atomically. A crash mid-download leaves a
 * {@code .part} file that the next start deletes; it is never mistaken for an artifact.
 *
 * <p>Eviction: least recently used first (a {@link #get} or {@link #put} counts as a use; across restarts the file's
 * modification time keeps the order), whenever the total exceeds the budget. The entry just put is never evicted, so
 * an artifact larger than the whole budget is still served, with a warning. A model already loaded does not need its
 * file any more (the runtime holds it in memory), so eviction does not wait for loads to end.
 *
 * <p>Thread-safe: every method is synchronized; downloads run outside the lock.
 */
public final class ArtifactCache {

    private static final Logger log = LoggerFactory.getLogger(ArtifactCache.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;
    private final long budgetBytes;
    /** Access order: the eldest entry is the least recently used. Values are sizes in bytes. */
    private final LinkedHashMap<String, Long> entries = new LinkedHashMap<>(16, 0.75f, true);

    private long totalBytes;

    /**
     * Opens (creating it if needed) a cache directory, deletes leftover partial downloads and indexes the files there.
     *
     * @param dir the cache directory; nothing else should write there
     * @param budgetBytes most bytes the cached artifacts may take, {@code >= 1}
     */
    public ArtifactCache(Path dir, long budgetBytes) {
        if (budgetBytes < 1) {
            throw new IllegalArgumentException("artifact cache budget must be >= 1 byte, but was " + budgetBytes);
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.budgetBytes = budgetBytes;
        try {
            Files.createDirectories(this.dir);
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(this.dir)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".part")) {
                        Files.deleteIfExists(file);
                    } else if (SHA256.matcher(name).matches() && Files.isRegularFile(file)) {
                        found.add(file);
                    }
                }
            }
            found.sort(Comparator.comparing(ArtifactCache::modified));
            for (Path file : found) {
                long size = Files.size(file);
                entries.put(file.getFileName().toString(), size);
                totalBytes += size;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open the artifact cache " + this.dir + ": " + e.getMessage()
                            + "; check the directory exists and is writable",
                    e);
        }
        evict(null);
    }

    /** The cached, verified artifact with this digest, marked as used; empty when not cached. */
    public synchronized Optional<Path> get(String sha256) {
        if (entries.get(sha256) == null) {
            return Optional.empty();
        }
        Path file = dir.resolve(sha256);
        if (!Files.isRegularFile(file)) {
            // deleted behind our back: forget it
            totalBytes -= entries.remove(sha256);
            return Optional.empty();
        }
        touch(file);
        return Optional.of(file);
    }

    /** A new, empty temporary file in the cache directory for a download; not yet an entry. */
    public Path newDownload() {
        try {
            return Files.createTempFile(dir, "download-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a download file in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Moves a verified download into place as the entry for {@code sha256} and evicts least recently used entries
     * beyond the budget.
     *
     * @param verified a file from {@link #newDownload} whose digest is {@code sha256}
     * @return the cached file
     */
    public synchronized Path put(String sha256, Path verified) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lower-case SHA-256 digest: '" + sha256 + "'");
        }
        Path target = dir.resolve(sha256);
        try {
            long size = Files.size(verified);
            try {
                Files.move(verified, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(verified, target, StandardCopyOption.REPLACE_EXISTING);
            }
            Long previous = entries.put(sha256, size);
            totalBytes += size - (previous == null ? 0 : previous);
            touch(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store artifact " + sha256 + " in " + dir + ": " + e.getMessage(), e);
        }
        if (entries.get(sha256) > budgetBytes) {
            log.warn(
                    "Artifact {} ({} bytes) is larger than the whole artifact cache budget ({} bytes); it is kept "
                            + "until the next artifact arrives. Raise the cache budget",
                    sha256,
                    entries.get(sha256),
                    budgetBytes);
        }
        evict(sha256);
        return target;
    }

    /** Bytes held by cached artifacts. */
    public synchronized long sizeBytes() {
        return totalBytes;
    }

    /** The cache directory. */
    public Path directory() {
        return dir;
    }

    private void evict(@Nullable String keep) {
        Iterator<Map.Entry<String, Long>> eldestFirst = entries.entrySet().iterator();
        while (totalBytes > budgetBytes && eldestFirst.hasNext()) {
            Map.Entry<String, Long> entry = eldestFirst.next();
            if (entry.getKey().equals(keep)) {
                continue;
            }
            try {
                Files.deleteIfExists(dir.resolve(entry.getKey()));
            } catch (IOException e) {
                log.warn("Cannot evict cached artifact {}: {}", dir.resolve(entry.getKey()), e.getMessage());
                continue;
            }
            totalBytes -= entry.getValue();
            eldestFirst.remove();
            log.info(
                    "Evicted cached artifact {} ({} bytes, least recently used) to stay within {} bytes",
                    entry.getKey(),
                    entry.getValue(),
                    budgetBytes);
        }
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // the order in memory is still right; only a restart would see an older use
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
