package otb.baseline.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import otb.baseline.model.BaselineCodec.BaselineFormatException;

/**
 * A point's value summary in the snapshot (see {@link BaselineCodec}): its counts, envelope,
 * exact sums, distinct values and learned window fingerprints; read back from every stored
 * format (1: no run duration nor writes; before 3: a Welford mean in place of the exact sums).
 */
final class ValueSummaryCodec {
    /** Upper bound for one stored exact sum (a finite double sum needs under 270 bytes). */
    private static final int MAX_EXACT_SUM_BYTES = 512;

    private ValueSummaryCodec() {
    }

    static void write(DataOutputStream out, ValueSummary value) throws IOException {
        out.writeLong(value.count);
        out.writeDouble(value.min);
        out.writeDouble(value.max);
        out.writeDouble(value.largestStep);
        exactSum(out, value.sum());
        exactSum(out, value.sumOfSquares());
        out.writeInt(value.distinctCount);
        for (int i = 0; i < value.distinctCount; i++) {
            out.writeDouble(value.distinct[i]);
        }
        out.writeBoolean(value.manyDistinct);
        out.writeLong(value.increases);
        out.writeLong(value.decreases);
        out.writeLong(value.longestRun);
        out.writeLong(value.longestRunNanos);
        out.writeLong(value.writes);
        out.writeBoolean(value.integral);
        out.writeBoolean(value.windowsRepeat);
        out.writeLong(value.firstSeenNanos);
        out.writeLong(value.lastSeenNanos);
        long[] fingerprints = value.fingerprints == null ? new long[0] : value.fingerprints.toArray();
        out.writeInt(fingerprints.length);
        for (long fingerprint : fingerprints) {
            out.writeLong(fingerprint);
        }
    }

    /** An exact sum: the power of two of its lowest set bit, the rest as a two's-complement integer, the infinities. */
    private static void exactSum(DataOutputStream out, ExactSum sum) throws IOException {
        BigInteger units = sum.units();
        int shift = units.signum() == 0 ? 0 : units.getLowestSetBit();
        byte[] bytes = units.shiftRight(shift).toByteArray();
        out.writeInt(shift);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.writeDouble(sum.infinite());
    }

    private static void exactSum(DataInputStream in, ExactSum sum) throws IOException, BaselineFormatException {
        int shift = BaselineCodec.count(in, 4 * MAX_EXACT_SUM_BYTES * 8, "bits of an exact sum's shift");
        int length = BaselineCodec.count(in, MAX_EXACT_SUM_BYTES, "bytes of an exact sum");
        if (length == 0) {
            throw new BaselineFormatException("stored baseline is damaged: an empty exact sum");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        sum.set(new BigInteger(bytes).shiftLeft(shift), in.readDouble());
    }

    static ValueSummary read(DataInputStream in, int version) throws IOException, BaselineFormatException {
        ValueSummary value = new ValueSummary();
        value.count = in.readLong();
        value.min = in.readDouble();
        value.max = in.readDouble();
        value.largestStep = in.readDouble();
        if (version >= 3) {
            exactSum(in, value.sum());
            exactSum(in, value.sumOfSquares());
        } else {
            // a Welford mean and sum of squared deviations: the sums they stand for, as near as doubles hold
            double mean = in.readDouble();
            double squares = in.readDouble();
            value.sum().set(mean * value.count);
            value.sumOfSquares().set(squares + mean * mean * value.count);
        }
        int distinctCount = BaselineCodec.count(in, ValueSummary.MAX_DISTINCT, "distinct values");
        double[] distinct = new double[distinctCount];
        for (int i = 0; i < distinctCount; i++) {
            distinct[i] = in.readDouble();
        }
        value.manyDistinct = in.readBoolean();
        value.setDistinct(distinct);
        value.increases = in.readLong();
        value.decreases = in.readLong();
        value.longestRun = in.readLong();
        if (version >= 2) {
            value.longestRunNanos = in.readLong();
            value.writes = in.readLong();
        }
        value.integral = in.readBoolean();
        value.windowsRepeat = in.readBoolean();
        value.firstSeenNanos = in.readLong();
        value.lastSeenNanos = in.readLong();
        int fingerprints = BaselineCodec.count(in, ValueSummary.FINGERPRINTS, "fingerprints");
        if (fingerprints > 0) {
            value.fingerprints = new FingerprintSet(ValueSummary.FINGERPRINTS);
            for (int i = 0; i < fingerprints; i++) {
                value.fingerprints.add(in.readLong());
            }
        }
        return value;
    }
}
