package io.dubboai.abtest.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightLimiterTest {

    @Test
    void nextWhenTargetFarAwayShouldMoveAtMostMaxStep() {
        int[] next = WeightLimiter.next(new int[] {50, 50}, new double[] {1, 0}, 5, 10);

        assertThat(next).containsExactly(60, 40);
    }

    @Test
    void nextWhenTargetCloseShouldReachItWithFloor() {
        // the free 90 points split 1:0, on top of a 5-point floor each
        int[] next = WeightLimiter.next(new int[] {90, 10}, new double[] {1, 0}, 5, 10);

        assertThat(next).containsExactly(95, 5);
    }

    @Test
    void nextWhenRandomInputsShouldKeepSumFloorAndStep() {
        SplittableRandom random = new SplittableRandom(5);
        for (int run = 0; run < 5_000; run++) {
            int k = 2 + random.nextInt(5);
            int floor = random.nextInt(100 / k / 2 + 1);
            int step = 1 + random.nextInt(30);
            int[] current = randomWeights(random, k, floor);
            double[] shares = random.doubles(k).toArray();
            double total = Arrays.stream(shares).sum();
            for (int i = 0; i < k; i++) {
                shares[i] /= total;
            }

            int[] next = WeightLimiter.next(current, shares, floor, step);

            assertThat(Arrays.stream(next).sum()).isEqualTo(100);
            for (int i = 0; i < k; i++) {
                assertThat(next[i]).as("floor of run %d", run).isGreaterThanOrEqualTo(floor);
                assertThat(Math.abs(next[i] - current[i]))
                        .as("step of run %d", run)
                        .isLessThanOrEqualTo(step);
            }
        }
    }

    @Test
    void nextWhenFloorTooHighForArmsShouldSayTheMost() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WeightLimiter.next(new int[] {34, 33, 33}, new double[] {1, 0, 0}, 40, 10))
                .withMessage("a floor of 40 % for 3 arms is not possible; at most 33");
    }

    /** Weights summing to 100, each at least {@code floor}. */
    private static int[] randomWeights(SplittableRandom random, int k, int floor) {
        int[] weights = new int[k];
        Arrays.fill(weights, floor);
        for (int left = 100 - floor * k; left > 0; left--) {
            weights[random.nextInt(k)]++;
        }
        return weights;
    }
}
