package io.llmrouter.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArrivalsTest {

    @Test
    void schedule_rate50_meanGapIsTwentyMillis() {
        long[] offsets = Arrivals.schedule(20_001, 50, 1);
        double meanGapMs = offsets[20_000] / 20_000.0 / 1e6;
        // exponential gaps of mean 1/50 s; the mean of 20,000 has a standard error of 20/√20000 ≈ 0.14 ms
        assertEquals(20.0, meanGapMs, 0.7);
    }

    @Test
    void schedule_poisson_gapsSpreadLikeAnExponential() {
        long[] offsets = Arrivals.schedule(10_001, 100, 2);
        int shorterThanMean = 0;
        for (int i = 1; i < offsets.length; i++) {
            assertTrue(offsets[i] >= offsets[i - 1]);
            shorterThanMean += offsets[i] - offsets[i - 1] < 10_000_000 ? 1 : 0;
        }
        // P(gap < mean) = 1 − 1/e ≈ 0.632 for an exponential
        assertEquals(0.632, shorterThanMean / 10_000.0, 0.02);
    }

    @Test
    void schedule_infiniteRate_allAtZero() {
        assertArrayEquals(new long[5], Arrivals.schedule(5, Double.POSITIVE_INFINITY, 1));
    }

    @Test
    void schedule_sameSeed_sameTimes() {
        assertArrayEquals(Arrivals.schedule(100, 10, 9), Arrivals.schedule(100, 10, 9));
    }

    @Test
    void schedule_zeroRate_rejected() {
        assertThrows(IllegalArgumentException.class, () -> Arrivals.schedule(1, 0, 1));
    }
}
