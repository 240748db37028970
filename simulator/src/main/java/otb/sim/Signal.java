package otb.sim;

import java.util.SplittableRandom;

/**
 * A process value as a function of capture time, so that a later capture of the same plant
 * continues where the earlier one left off. Each signal's range is fully explored within
 * about ten minutes, so a learning capture of 20 minutes or more sees its whole envelope.
 */
sealed interface Signal {
    /** Epoch of signal time: 2026-01-01T00:00:00Z, in seconds since 1970. */
    long EPOCH_SECONDS = 1_767_225_600L;

    /** The raw register value at {@code time} (ns since the epoch), 0..65535 unless stated. */
    int value(long time, SplittableRandom noise);

    private static double seconds(long time) {
        return time / 1e9 - EPOCH_SECONDS;
    }

    /**
     * A slow oscillation with bounded noise: {@code centre + amplitude * sin(2 pi t / period +
     * phase) + uniform(-noise, +noise)}, rounded, in raw counts.
     */
    record Analog(double centre, double amplitude, double periodSeconds, double phase, double noise)
            implements Signal {
        @Override
        public int value(long time, SplittableRandom random) {
            double x = centre + amplitude * Math.sin(2 * Math.PI * seconds(time) / periodSeconds + phase)
                    + noise * (2 * random.nextDouble() - 1);
            return (int) Math.max(0, Math.min(65535, Math.round(x)));
        }
    }

    /** A binary state that follows a square wave of a given period and duty cycle. */
    record Binary(double periodSeconds, double phase, double dutyCycle) implements Signal {
        @Override
        public int value(long time, SplittableRandom random) {
            double position = (seconds(time) / periodSeconds + phase) % 1.0;
            return position < dutyCycle ? 1 : 0;
        }
    }

    /** A counter rising at a fixed rate (pieces, kWh), as an unsigned 32-bit value in an int. */
    record Counter(double ratePerSecond, long offset) implements Signal {
        @Override
        public int value(long time, SplittableRandom random) {
            return (int) (offset + (long) Math.floor(ratePerSecond * seconds(time)));
        }
    }

    /** A value that does not change (configuration, limits). */
    record Constant(int raw) implements Signal {
        @Override
        public int value(long time, SplittableRandom random) {
            return raw;
        }
    }

    /** One 16-bit word of a 32-bit counter: {@code shift} 16 for the high word, 0 for the low. */
    record Word(Counter counter, int shift) implements Signal {
        @Override
        public int value(long time, SplittableRandom random) {
            return (counter.value(time, random) >>> shift) & 0xFFFF;
        }
    }
}
