package otb.dissect.cotp;

import java.nio.ByteBuffer;

/**
 * ISO 8073 13.7: the data TPDUs of one direction up to the one with EOT make up one TSDU. Keeps
 * the user data of the TPDUs before the last, bounded; a TSDU past the bound is discarded up to
 * its EOT. One per flow direction.
 */
public final class TsduAssembler {
    private final int maxBytes;
    private byte[] bytes = new byte[0];
    private int count;
    private boolean discarding;

    /** @param maxBytes the largest TSDU kept, in bytes (DissectorConfig#maxFragmentBytes) */
    public TsduAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** What {@link #add} made of a data TPDU. */
    public enum Outcome {
        /** Not the last TPDU: kept, nothing to read yet. */
        PARTIAL,
        /** The last TPDU of a TSDU that fitted: read it with {@link #buffer()}, {@link #offset()}, {@link #length()}. */
        COMPLETE,
        /** The TSDU grew past the bound: dropped, and its further TPDUs will be until EOT. */
        OVERFLOW,
        /** The last TPDU of a TSDU that had overflowed: nothing to read. */
        DISCARDED
    }

    private int completedOffset;
    private int completedLength;
    private ByteBuffer completedBuffer;
    private int droppedBytes;

    /** Adds the user data of a data TPDU ({@code offset}, {@code length} in {@code in}). */
    public Outcome add(ByteBuffer in, int offset, int length, boolean endOfTransmission) {
        if (discarding) {
            if (endOfTransmission) {
                discarding = false;
                count = 0;
                return Outcome.DISCARDED;
            }
            return Outcome.PARTIAL;
        }
        if (endOfTransmission && count == 0) {
            completedBuffer = in;
            completedOffset = offset;
            completedLength = length;
            return Outcome.COMPLETE;
        }
        int total = count + length;
        if (total > maxBytes) {
            droppedBytes = total;
            count = 0;
            discarding = !endOfTransmission;
            return Outcome.OVERFLOW;
        }
        if (total > bytes.length) {
            byte[] grown = new byte[Math.min(maxBytes, Math.max(total, 2 * bytes.length))];
            System.arraycopy(bytes, 0, grown, 0, count);
            bytes = grown;
        }
        in.get(offset, bytes, count, length);
        count = total;
        if (!endOfTransmission) {
            return Outcome.PARTIAL;
        }
        completedBuffer = ByteBuffer.wrap(bytes, 0, count);
        completedOffset = 0;
        completedLength = count;
        count = 0;
        return Outcome.COMPLETE;
    }

    /** The buffer of the TSDU just completed: the caller's own when it came in one TPDU, else a view of the kept bytes. */
    public ByteBuffer buffer() {
        return completedBuffer;
    }

    /** Absolute offset of the completed TSDU in {@link #buffer()}. */
    public int offset() {
        return completedOffset;
    }

    /** Length of the completed TSDU in bytes. */
    public int length() {
        return completedLength;
    }

    /** After {@link Outcome#OVERFLOW}: the bytes of the TSDU dropped so far, the TPDU that overflowed included. */
    public int droppedBytes() {
        return droppedBytes;
    }

    /** Bytes were lost: the TSDU being assembled is void. */
    public void reset() {
        count = 0;
        discarding = false;
        completedBuffer = null;
    }
}
