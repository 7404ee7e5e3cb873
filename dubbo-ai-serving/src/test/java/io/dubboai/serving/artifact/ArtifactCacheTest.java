package io.dubboai.serving.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCacheTest {

    @TempDir
    Path dir;

    private static String sha(char c) {
        return String.valueOf(c).repeat(64);
    }

    private Path download(ArtifactCache cache, int bytes) throws Exception {
        Path file = cache.newDownload();
        Files.write(file, new byte[bytes]);
        return file;
    }

    @Test
    void putBeyondBudgetShouldEvictTheLeastRecentlyUsed() throws Exception {
        ArtifactCache cache = new ArtifactCache(dir, 250);
        cache.put(sha('a'), download(cache, 100));
        cache.put(sha('b'), download(cache, 100));
        // a is used again, so b is now the least recently used
        assertThat(cache.get(sha('a'))).isPresent();

        cache.put(sha('c'), download(cache, 100));

        assertThat(cache.get(sha('b'))).isEmpty();
        assertThat(dir.resolve(sha('b'))).doesNotExist();
        assertThat(cache.get(sha('a'))).isPresent();
        assertThat(cache.get(sha('c'))).isPresent();
        assertThat(cache.sizeBytes()).isEqualTo(200);
    }

    @Test
    void putLargerThanBudgetShouldKeepTheNewEntryOnly() throws Exception {
        ArtifactCache cache = new ArtifactCache(dir, 150);
        cache.put(sha('a'), download(cache, 100));

        cache.put(sha('b'), download(cache, 200));

        assertThat(cache.get(sha('a'))).isEmpty();
        assertThat(cache.get(sha('b'))).isPresent();
    }

    @Test
    void reopenShouldDeletePartialDownloadsAndKeepVerifiedEntries() throws Exception {
        ArtifactCache first = new ArtifactCache(dir, 1000);
        first.put(sha('a'), download(first, 10));
        Path partial = download(first, 5);

        ArtifactCache reopened = new ArtifactCache(dir, 1000);

        assertThat(partial).doesNotExist();
        assertThat(reopened.get(sha('a'))).isPresent();
        assertThat(reopened.sizeBytes()).isEqualTo(10);
    }
}
