package otb.dissect.modbus;

import java.util.List;
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
 * @param detail       the message detail for this PDU in the ADU it came in, with no timed-out
 *                     requests to report
 * @param functionName the function's name (refined by its sub-function)
 * @param operation    the operation class
 * @param ranges       requests: the points the request touches; responses: the points a write's
 *                     echo names (empty for others)
 * @param values       requests: the values it writes; responses: unused (empty)
 * @param readRanges   read requests (1-4, 23): the points a response reads back (the read part
 *                     of 23); otherwise empty
 * @param readSpace    read requests: the address space read; otherwise ""
 * @param readAddress  read requests: the first address read
 * @param readQuantity read requests: the quantity read; otherwise -1
 * @param plain        responses: true when all the message needs beyond this is the request it
 *                     answers (not an exception, read data, identity or UMAS); requests: false
 */
record KnownPdu(ModbusDetail detail, String functionName, OperationClass operation, List<PointRange> ranges,
                List<PointValue> values, List<PointRange> readRanges, String readSpace, int readAddress,
                int readQuantity, boolean plain) {

    ModbusPdu pdu() {
        return detail.pdu();
    }

    boolean isRead() {
        return readQuantity >= 0;
    }
}
