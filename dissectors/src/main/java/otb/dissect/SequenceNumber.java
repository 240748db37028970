package otb.dissect;

import java.util.Objects;

/**
 * A sequence counter a message carries and that its sender should advance message by message:
 * a Modbus/TCP transaction id, a DNP3 application or transport sequence number, an S7 PDU
 * reference, an IEC 104 send sequence number N(S), a CIP connected sequence count. The
 * dissector says which messages carry which counter (a DNP3 confirm echoes the sequence of what
 * it confirms, so it carries none); the baseline learns whether each sender keeps it.
 *
 * @param counter    the counter's name, snake_case ({@code transaction_id}, {@code send_sequence})
 * @param scope      which counter of that name within the flow direction: 0 when there is one,
 *                   else a protocol's own key (DNP3: the link addresses of master and outstation)
 * @param value      the counter's value for this message's first unit, 0 .. 2^bits - 1
 * @param bits       the counter's width: it wraps from 2^bits - 1 to 0 (1..32)
 * @param advance    how many units of the counter this message took (DNP3 transport: the segments
 *                   of the fragment), at least 1: the sender's next value is value + advance
 * @param streamGaps bytes lost (gaps) in this flow direction before the message, counted from the
 *                   flow's start: a change since the previous message means messages may be missing
 */
public record SequenceNumber(String counter, long scope, long value, int bits, int advance, long streamGaps) {

    public SequenceNumber {
        Objects.requireNonNull(counter, "counter");
        if (bits < 1 || bits > 32) {
            throw new IllegalArgumentException("sequence counter width " + bits + " is not 1..32");
        }
        if (advance < 1) {
            throw new IllegalArgumentException("sequence advance " + advance + " is below 1");
        }
        value &= mask(bits);
    }

    /** The counter's values: 2^bits - 1 as a mask. */
    public static long mask(int bits) {
        return (1L << bits) - 1;
    }

    /** How far {@code later} lies ahead of {@code earlier} on a counter of {@code bits}, 0 .. 2^bits - 1. */
    public static long distance(long earlier, long later, int bits) {
        return (later - earlier) & mask(bits);
    }
}
