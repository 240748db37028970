package otb.dissect.modbus;

import java.util.List;
import otb.dissect.MessageParts;
import otb.dissect.OperationClass;
import otb.dissect.PointRange;
import otb.dissect.PointValue;

/**
 * What a PDU's bytes say by themselves, worked out once: polling traffic sends the same PDUs
 * over and over, and a session keeps these for recent ones ({@link RecentPdus}) and for every
 * request outstanding ({@link PendingRequests}), so that a repeated request, and the response
 * that answers a request, need no decoding, naming, classing or range making of their own.
 * Immutable, lists included.
 *
 * @param pduKey    the PDU's bytes as a number ({@link RecentPdus#key}) when {@link RecentPdus}
 *                  may keep it; otherwise 0
 * @param parts     the function's name (refined by its sub-function), its operation class, the
 *                  points (requests: those the request touches; responses: those a write's echo
 *                  names, none for others), the values (requests: those it writes; responses:
 *                  none) and the message detail for this PDU in the ADU it came in, with no
 *                  timed-out requests to report
 * @param readParts read requests (1-4, 23): the name, class and points of a response reading
 *                  them back (the read part of 23); otherwise the name and class with no points;
 *                  values and detail are the response's own
 * @param readSpace    read requests: the address space read; otherwise ""
 * @param readAddress  read requests: the first address read
 * @param readQuantity read requests: the quantity read; otherwise -1
 * @param plain        responses: true when all the message needs beyond this is the request it
 *                     answers (not an exception, read data, identity or UMAS); requests: false
 */
record KnownPdu(long pduKey, MessageParts parts, MessageParts readParts, String readSpace, int readAddress,
                int readQuantity, boolean plain) {

    /** The message detail (see {@code parts}). */
    ModbusDetail detail() {
        return (ModbusDetail) parts.detail();
    }

    /** Requests: the values written; responses: none. */
    List<PointValue> values() {
        return parts.values();
    }

    ModbusPdu pdu() {
        return detail().pdu();
    }

    String functionName() {
        return parts.functionName();
    }

    OperationClass operation() {
        return parts.operation();
    }

    List<PointRange> ranges() {
        return parts.ranges();
    }

    List<PointRange> readRanges() {
        return readParts.ranges();
    }

    boolean isRead() {
        return readQuantity >= 0;
    }
}
