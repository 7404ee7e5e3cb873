package io.dubboai.registry.artifact;

import io.dubboai.core.model.ModelNames;
import io.dubboai.registry.RegistryException;
import io.dubboai.registry.RegistryException.Reason;
import io.dubboai.registry.Validation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Artifacts on a local disk or an NFS mount under one root directory. An upload is written to a temporary file
 * beside its target, checked, then moved into place atomically, so readers never see half an artifact and a
 * failed upload leaves nothing. Every path is resolved inside the root; a URI or name that would leave it is
 * refused.
 */
public final class FileArtifactStore implements ArtifactStore {

    private final Path root;

    /** @param root directory holding the artifacts; created if missing */
    public FileArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the artifact directory " + this.root
                            + "; check dubbo.ai.registry.artifacts.file.root and its permissions",
                    e);
        }
    }

    /** The root directory. */
    public Path root() {
        return root;
    }

    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public StoredArtifact upload(
            String model, long version, String fileName, InputStream data, @Nullable String expectedSha256) {
        Validation.requireModelName(model);
        Validation.requireVersion(version);
        Checksums.requireFileName(fileName);
        Checksums.requireSha256(expectedSha256);
        Path target = inside(root.resolve(model).resolve(Long.toString(version)).resolve(fileName));
        Path temporary = null;
        try {
            Files.createDirectories(target.getParent());
            temporary = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
            MessageDigest digest = Checksums.sha256();
            long size;
            try (OutputStream out = Files.newOutputStream(temporary);
                    DigestInputStream in = new DigestInputStream(data, digest)) {
                size = in.transferTo(out);
            }
            String actual = Checksums.hex(digest);
            String uri = target.toUri().toString();
            Checksums.requireMatch(uri, expectedSha256, actual);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            return new StoredArtifact(
                    uri, actual, size, Files.getLastModifiedTime(target).toInstant());
        } catch (IOException e) {
            throw new RegistryException(
                    Reason.UNAVAILABLE,
                    model,
                    version,
                    "could not write artifact " + target
                            + "; check the artifact directory's free space and permissions (the server log has the"
                            + " cause)",
                    e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the upload already failed; the temporary file is left for the operator
                }
            }
        }
    }

    @Override
    public StoredArtifact verify(String uri, String expectedSha256) {
        Path file = pathOf(uri);
        MessageDigest digest = Checksums.sha256();
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            long size = in.transferTo(OutputStream.nullOutputStream());
            String actual = Checksums.hex(digest);
            Checksums.requireMatch(uri, expectedSha256, actual);
            return new StoredArtifact(
                    uri, actual, size, Files.getLastModifiedTime(file).toInstant());
        } catch (NoSuchFileException e) {
            throw notFound(uri);
        } catch (IOException e) {
            throw new RegistryException(Reason.UNAVAILABLE, null, null, "could not read artifact " + uri, e);
        }
    }

    @Override
    public InputStream open(String uri) {
        try {
            return Files.newInputStream(pathOf(uri));
        } catch (NoSuchFileException e) {
            throw notFound(uri);
        } catch (IOException e) {
            throw new RegistryException(Reason.UNAVAILABLE, null, null, "could not read artifact " + uri, e);
        }
    }

    @Override
    public void delete(String uri) {
        try {
            Files.deleteIfExists(pathOf(uri));
        } catch (IOException e) {
            throw new RegistryException(Reason.UNAVAILABLE, null, null, "could not delete artifact " + uri, e);
        }
    }

    @Override
    public List<StoredArtifact> list() {
        List<StoredArtifact> artifacts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && !file.getFileName().toString().startsWith(".upload-")) {
                    artifacts.add(new StoredArtifact(
                            file.toUri().toString(),
                            "",
                            Files.size(file),
                            Files.getLastModifiedTime(file).toInstant()));
                }
            }
        } catch (IOException e) {
            throw new RegistryException(Reason.UNAVAILABLE, null, null, "could not list " + root, e);
        }
        return artifacts;
    }

    @Override
    public boolean owns(String uri) {
        try {
            pathOf(uri);
            return true;
        } catch (RegistryException e) {
            return false;
        }
    }

    private Path pathOf(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw refused(text, "is not a valid URI");
        }
        if (!"file".equals(uri.getScheme()) || uri.getPath() == null) {
            throw refused(text, "is not a file: URI");
        }
        String raw = uri.getRawPath();
        if (raw.contains("/../")
                || raw.endsWith("/..")
                || raw.contains("/./")
                || raw.toLowerCase().contains("%2e")) {
            throw refused(text, "contains '.' or '..' segments");
        }
        return inside(Path.of(uri.getPath()));
    }

    private Path inside(Path path) {
        Path normalized = path.toAbsolutePath().normalize();
        if (!normalized.startsWith(root) || normalized.equals(root)) {
            throw refused(path.toString(), "is outside the artifact directory " + root);
        }
        return normalized;
    }

    private static RegistryException refused(String uri, String why) {
        return new RegistryException(
                Reason.URI_NOT_ALLOWED, null, null, "artifact '" + ModelNames.abbreviate(uri) + "' " + why);
    }

    private static RegistryException notFound(String uri) {
        return new RegistryException(
                Reason.NOT_FOUND, null, null, "artifact " + uri + " does not exist; upload it again");
    }
}
