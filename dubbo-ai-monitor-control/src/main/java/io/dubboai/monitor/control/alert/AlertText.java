package io.dubboai.monitor.control.alert;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;

/** Short texts of alerts: durations as Prometheus writes them, numbers rounded for people. */
final class AlertText {

    private AlertText() {}

    /** {@code 1h}, {@code 5m}, {@code 90s}, {@code 3d}: the largest unit that divides the duration. */
    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds > 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds > 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds > 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds > 0 ? seconds + "s" : duration.toMillis() + "ms";
    }

    /** Four significant digits, without trailing zeros: {@code 1}, {@code 0.1}, {@code 14.4}, {@code 50.27}. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return Double.isNaN(value) ? "no data" : String.valueOf(value);
        }
        return new BigDecimal(value)
                .round(new MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }
}
