package io.dubboai.registry.artifact;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Passes at most {@code maxBytes} bytes through and throws the caller's exception as soon as the source holds more,
 * having read at most one byte beyond the limit. Used to bound uploads that are streamed into an artifact store: the
 * store is interrupted mid-stream and removes its temporary file, so nothing partial is kept and nothing is buffered.
 */
public final class SizeLimitedInputStream extends FilterInputStream {

    private final long maxBytes;
    private final Supplier<? extends RuntimeException> tooLarge;
    private long count;

    /**
     * @param in the source
     * @param maxBytes the most bytes allowed, at least 0
     * @param tooLarge the exception thrown when the source holds more
     */
    public SizeLimitedInputStream(InputStream in, long maxBytes, Supplier<? extends RuntimeException> tooLarge) {
        super(Objects.requireNonNull(in, "in"));
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be at least 0, but was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.tooLarge = Objects.requireNonNull(tooLarge, "tooLarge");
    }

    /** Bytes passed through so far. */
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        // ask for one byte more than is still allowed, so an oversized source is noticed without reading on
        long allowed = maxBytes - count + 1;
        int n = in.read(buffer, offset, (int) Math.min(length, allowed));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(n, maxBytes - count + 1));
        if (skipped > 0) {
            counted(skipped);
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) {
        count += n;
        if (count > maxBytes) {
            throw tooLarge.get();
        }
    }
}
