package io.dubboai.registry.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class SizeLimitedInputStreamTest {

    @Test
    void transferTo_exactlyTheLimit_passesEverything() throws IOException {
        SizeLimitedInputStream in = limited(new ByteArrayInputStream(new byte[1000]), 1000);
        assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(1000);
        assertThat(in.count()).isEqualTo(1000);
    }

    @Test
    void transferTo_oneByteOver_throwsAfterReadingAtMostOneByteTooMany() {
        CountingSource source = new CountingSource(1_000_000);
        SizeLimitedInputStream in = limited(source, 1000);
        assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("too large");
        // the rest of the source was never read
        assertThat(source.read).isEqualTo(1001);
    }

    @Test
    void readAndSkip_countTowardsTheLimit() throws IOException {
        SizeLimitedInputStream in = limited(new ByteArrayInputStream(new byte[10]), 5);
        assertThat(in.read()).isZero();
        assertThat(in.skip(4)).isEqualTo(4);
        assertThatThrownBy(in::read).hasMessage("too large");
    }

    private static SizeLimitedInputStream limited(InputStream in, long max) {
        return new SizeLimitedInputStream(in, max, () -> new IllegalStateException("too large"));
    }

    /** An endless-looking source that counts the bytes handed out. */
    private static final class CountingSource extends InputStream {
        private final long size;
        long read;

        CountingSource(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (read >= size) {
                return -1;
            }
            read++;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - read);
            read += n;
            return n;
        }
    }
}
