package io.dubboai.server.store;

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
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Documents as files {@code <dir>/<key>.json}. The ticket is the SHA-256 of the content, as Nacos uses an MD5:
 * {@link #compareAndSet} re-reads the file under this store's lock, compares digests and replaces the file atomically
 * (write to a temporary file, then rename), so a crash never leaves half a document. Safe for one server process;
 * replicas must use {@link ConfigCenterDocumentStore}. Files are created readable by the owner only where the file
 * system supports POSIX permissions.
 */
public final class FileDocumentStore implements DocumentStore {

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9.-]{0,127}");

    private final Path dir;
    private final Object lock = new Object();

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
    public Optional<Versioned> read(String key) {
        Path file = file(key);
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            return Optional.of(new Versioned(content, digest(content)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    @Override
    public boolean compareAndSet(String key, String content, @Nullable Object ticket) {
        Path file = file(key);
        synchronized (lock) {
            Optional<Versioned> current = read(key);
            Object currentTicket = current.map(Versioned::ticket).orElse(null);
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
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + file + "; check free space and permissions", e);
            }
        }
    }

    @Override
    public void remove(String key) {
        Path file = file(key);
        synchronized (lock) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete " + file, e);
            }
        }
    }

    @Override
    public String describe() {
        return "files in " + dir;
    }

    @Override
    public void close() {
        // nothing held open
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
