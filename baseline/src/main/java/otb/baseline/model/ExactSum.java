package otb.baseline.model;

import java.math.BigInteger;

/**
 * The exact sum of doubles: no rounding at all, so the order values arrive in and how partial
 * sums are merged cannot change the result by a bit (merging is commutative and associative,
 * "learn two halves and merge" equals "learn the whole"). Every finite double is an integer
 * multiple of 2^-1074; the sum is kept as that integer in 32-bit limbs held in longs, only over
 * the range of limbs the values touched (a point's values usually span one to four limbs).
 * Adding costs a few array additions; carries are propagated only every 2^30 additions and when
 * the sum is read. Infinities are summed apart (their sum is order-independent too); NaN is the
 * caller's to skip.
 */
final class ExactSum {
    /** The lowest bit position: a double's least significant bit is worth 2^-1074. */
    private static final int BIAS = 1074;
    private static final long MASK32 = 0xFFFF_FFFFL;
    /** Additions between carry propagations: each adds less than 2^32 to a limb, which holds 2^63. */
    private static final int NORMALIZE_EVERY = 1 << 30;

    /** limbs[i] weighs 2^(32 * (low + i) - 1074); null while the sum is zero. */
    private long[] limbs;
    private int low;
    private int pending;
    /** The sum of infinite values added: 0, ±Infinity or NaN (+∞ and −∞ both added). */
    private double infinite;
    /**
     * Integers below 2^31 in magnitude (register values, counts: most values, and squares of
     * them below 2^62) go into a 128-bit integer, two's complement in two longs, instead: two
     * additions instead of three limb updates (figure with the window check in ValueSummary.add).
     */
    private long smallLow;
    private long smallHigh;

    void add(double value) {
        long integer = (long) value;
        if (integer == value && integer + (1L << 31) >>> 32 == 0) {
            addSmall(integer);
            return;
        }
        addBits(value);
    }

    private void addSmall(long integer) {
        long before = smallLow;
        smallLow += integer;
        smallHigh += (integer >> 63) + (Long.compareUnsigned(smallLow, before) < 0 ? 1 : 0);
    }

    private void addBits(double value) {
        long bits = Double.doubleToRawLongBits(value);
        int exponent = (int) (bits >>> 52) & 0x7FF;
        if (exponent == 0x7FF) {
            infinite += value;
            return;
        }
        long mantissa = bits & 0x000F_FFFF_FFFF_FFFFL;
        if (exponent != 0) {
            mantissa |= 1L << 52;
        } else if (mantissa == 0) {
            return;
        }
        int position = Math.max(exponent, 1) - 1;
        int limb = position >>> 5;
        int shift = position & 31;
        long piece0 = (mantissa << shift) & MASK32;
        long upper = shift == 0 ? mantissa >>> 32 : mantissa >>> (32 - shift);
        long piece1 = upper & MASK32;
        long piece2 = upper >>> 32;
        int i = ensure(limb);
        long[] l = limbs;
        if (bits < 0) {
            l[i] -= piece0;
            l[i + 1] -= piece1;
            l[i + 2] -= piece2;
        } else {
            l[i] += piece0;
            l[i + 1] += piece1;
            l[i + 2] += piece2;
        }
        if (++pending >= NORMALIZE_EVERY) {
            normalize();
        }
    }

    /** Adds {@code value * value} exactly (as the exact sum of its rounded square and the rounding error). */
    void addSquare(double value) {
        long integer = (long) value;
        if (integer == value && integer + (1L << 31) >>> 32 == 0) {
            addSmall(integer * integer);
            return;
        }
        double square = value * value;
        addBits(square);
        if (Double.isFinite(square)) {
            addBits(Math.fma(value, value, -square));
        }
    }

    /** Index in {@code limbs} of {@code limb}, making room for it, the two above and one for carries. */
    private int ensure(int limb) {
        long[] l = limbs;
        if (l != null && limb >= low && limb + 3 < low + l.length) {
            return limb - low;
        }
        grow(limb, limb + 3);
        return limb - low;
    }

    private void grow(int from, int to) {
        if (limbs == null) {
            limbs = new long[to - from + 1];
            low = from;
            return;
        }
        int newLow = Math.min(low, from);
        int newHigh = Math.max(low + limbs.length - 1, to);
        long[] grown = new long[newHigh - newLow + 1];
        System.arraycopy(limbs, 0, grown, low - newLow, limbs.length);
        limbs = grown;
        low = newLow;
    }

    /** Propagates carries: every limb but the top in 0..2^32-1. */
    private void normalize() {
        pending = 0;
        if (limbs == null) {
            return;
        }
        long carry = 0;
        for (int i = 0; i < limbs.length - 1; i++) {
            long v = limbs[i] + carry;
            carry = v >> 32;
            limbs[i] = v & MASK32;
        }
        limbs[limbs.length - 1] += carry;
        if (Math.abs(limbs[limbs.length - 1]) >= 1L << 62) {
            grow(low, low + limbs.length);
            normalize();
        }
    }

    /** Adds the 128-bit two's complement integer {@code high}:{@code low} (in units of 1). */
    void add128(long low, long high) {
        long before = smallLow;
        smallLow += low;
        smallHigh += high + (Long.compareUnsigned(smallLow, before) < 0 ? 1 : 0);
    }

    /** Adds another exact sum into this one. */
    void add(ExactSum other) {
        infinite += other.infinite;
        long before = smallLow;
        smallLow += other.smallLow;
        smallHigh += other.smallHigh + (Long.compareUnsigned(smallLow, before) < 0 ? 1 : 0);
        if (other.limbs == null) {
            return;
        }
        other.normalize();
        normalize();
        int top = other.low + other.limbs.length - 1;
        if (limbs == null || other.low < low || top + 1 >= low + limbs.length) {
            grow(other.low, top + 1);
        }
        for (int i = 0; i < other.limbs.length; i++) {
            limbs[other.low + i - low] += other.limbs[i];
        }
        normalize();
    }

    /** The sum's finite part as an integer count of 2^-1074. */
    BigInteger units() {
        BigInteger small = BigInteger.valueOf(smallHigh).shiftLeft(64)
                .add(BigInteger.valueOf(smallLow).and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)))
                .shiftLeft(BIAS);
        if (limbs == null) {
            return small;
        }
        BigInteger total = BigInteger.ZERO;
        for (int i = limbs.length - 1; i >= 0; i--) {
            total = total.shiftLeft(32).add(BigInteger.valueOf(limbs[i]));
        }
        return total.shiftLeft(32 * low).add(small);
    }

    /** The sum of the infinite values added (0 when none). */
    double infinite() {
        return infinite;
    }

    /** Sets this sum to {@code units} × 2^-1074 plus {@code infinite}. */
    void set(BigInteger units, double infinite) {
        limbs = null;
        low = 0;
        smallLow = 0;
        smallHigh = 0;
        pending = 0;
        this.infinite = infinite;
        if (units.signum() == 0) {
            return;
        }
        BigInteger magnitude = units.abs();
        int from = magnitude.getLowestSetBit() >>> 5;
        int to = (magnitude.bitLength() + 31) >>> 5;
        grow(from, to + 1);
        for (int limb = from; limb <= to; limb++) {
            long piece = magnitude.shiftRight(32 * limb).longValue() & MASK32;
            limbs[limb - low] = units.signum() < 0 ? -piece : piece;
        }
        normalize();
    }

    /** Sets this sum to exactly {@code value} (for summaries stored before sums were exact). */
    void set(double value) {
        limbs = null;
        low = 0;
        smallLow = 0;
        smallHigh = 0;
        pending = 0;
        infinite = 0;
        addBits(value);
    }

    /** The sum rounded to a double (one rounding of the exact value, to within an ulp). */
    double value() {
        if (infinite != 0 || Double.isNaN(infinite)) {
            return infinite;
        }
        return toDouble(units(), -BIAS);
    }

    /** {@code units} × 2^{@code exponent} as a double, to within an ulp. */
    static double toDouble(BigInteger units, int exponent) {
        int excess = Math.max(0, units.bitLength() - 960);
        return Math.scalb(units.shiftRight(excess).doubleValue(), exponent + excess);
    }

    static int bias() {
        return BIAS;
    }
}
