package io.dubboai.controlplane.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Documents as files {@code <dir>/<key>.json}. The ticket is the SHA-256 of the content, as Nacos uses an MD5:
 * {@link #create} and {@link #replace} re-read the file under this store's lock, compare digests and replace the file
 * atomically (write to a temporary file, then rename), so a crash never leaves half a document. Safe for one process
 * holding one store per folder; replicas must use {@link ConfigCenterDocumentStore}. Watchers hear the writes made
 * through this store. Files are created readable by the owner only where the file system supports POSIX permissions.
 */
public final class FileDocumentStore implements DocumentStore {

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9.-]{0,127}");

    private final Path dir;
    private final Object lock = new Object();
    private final Map<String, List<DocumentListener>> listeners = new ConcurrentHashMap<>();

    /**
     * @param dir the folder; created if missing
     * @throws UncheckedIOException if it cannot be created
     */
    public FileDocumentStore(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot create the security store folder " + dir + "; check the permissions of the data dir", e);
        }
    }

    @Override
    public Optional<Document> read(String key) {
        Path file = file(key);
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            return Optional.of(new Document(key, content, digest(content)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    @Override
    public boolean create(String key, String content) {
        return write(key, content, null);
    }

    @Override
    public boolean replace(String key, String content, Object ticket) {
        return write(key, content, Objects.requireNonNull(ticket, "ticket"));
    }

    private boolean write(String key, String content, @Nullable Object ticket) {
        Path file = file(key);
        synchronized (lock) {
            Optional<Document> current = read(key);
            Object currentTicket = current.map(Document::ticket).orElse(null);
            if (!Objects.equals(currentTicket, ticket)) {
                return false;
            }
            Path temp = dir.resolve("." + key + ".tmp");
            try {
                Files.writeString(temp, content, StandardCharsets.UTF_8);
                restrictToOwner(temp);
                try {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                notify(key, content);
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + file + "; check free space and permissions", e);
            }
        }
    }

    @Override
    public void delete(String key) {
        Path file = file(key);
        synchronized (lock) {
            try {
                if (Files.deleteIfExists(file)) {
                    notify(key, null);
                }
            } catch (IOException e) {
                throw new DocumentStoreException("cannot delete " + file + "; check the folder's permissions", e);
            }
        }
    }

    @Override
    public void watch(String key, DocumentListener listener) {
        file(key);
        listeners.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    @Override
    public void unwatch(String key) {
        listeners.remove(key);
    }

    @Override
    public int maxDocumentBytes() {
        return ConfigCenterDocumentStore.DEFAULT_MAX_DOCUMENT_BYTES;
    }

    /** Called under the lock, so listeners hear the writes in order. */
    private void notify(String key, @Nullable String content) {
        for (DocumentListener listener : listeners.getOrDefault(key, List.of())) {
            listener.changed(key, content);
        }
    }

    @Override
    public String describe() {
        return "files in " + dir;
    }

    @Override
    public void close() {
        listeners.clear();
    }

    private Path file(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(
                    "Document key must match " + KEY.pattern() + " (it becomes a file name), but was '" + key + "'");
        }
        return dir.resolve(key + ".json");
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static String digest(String content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
