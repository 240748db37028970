package otb.dissect.enip;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Connection Manager's request and reply data that otb reads (Vol 1 3-5.5.1 and 3-5.5.3):
 * Forward Open and Large Forward Open requests and their success replies, Forward Close requests.
 *
 * @param originatorToTargetId the O→T network connection id (chosen by the target: 0 in a request)
 * @param targetToOriginatorId the T→O network connection id (chosen by the originator)
 * @param serialNumber         connection serial number, 16 bits
 * @param vendorId             originator vendor id, 16 bits
 * @param originatorSerial     originator serial number, 32 bits
 * @param transportClass       transport class 0..15 from the transport type/trigger octet, or -1
 * @param rpiOriginatorToTarget O→T packet interval in microseconds (requested in a request, actual in a reply), or -1
 * @param rpiTargetToOriginator T→O packet interval in microseconds, likewise, or -1
 * @param path                 the connection path, or {@link CipPath#EMPTY}
 */
record ConnectionParameters(long originatorToTargetId, long targetToOriginatorId, int serialNumber, int vendorId,
                            long originatorSerial, int transportClass, long rpiOriginatorToTarget,
                            long rpiTargetToOriginator, CipPath path) {

    /** Vol 1 table 3-5.16: Forward Open request fields before the connection path (Large: 4-octet parameters). */
    private static final int FORWARD_OPEN_FIXED_BYTES = 36;
    private static final int LARGE_FORWARD_OPEN_FIXED_BYTES = 40;
    /** Vol 1 table 3-5.17: success reply fields up to the application reply size. */
    private static final int FORWARD_OPEN_REPLY_BYTES = 26;
    /** Vol 1 table 3-5.20: Forward Close request fields before the connection path. */
    private static final int FORWARD_CLOSE_FIXED_BYTES = 12;

    /** Key of the connection triad (serial, vendor, originator serial: Vol 1 3-5.5.1.1). */
    long triad() {
        return (long) serialNumber << 48 ^ (long) vendorId << 32 ^ originatorSerial;
    }

    /** A Forward Open (large or not) request, or null when its data is too short. */
    static ConnectionParameters forwardOpenRequest(ByteBuffer in, int at, int length, boolean large) {
        int fixed = large ? LARGE_FORWARD_OPEN_FIXED_BYTES : FORWARD_OPEN_FIXED_BYTES;
        if (length < fixed) {
            return null;
        }
        int parameterBytes = large ? 4 : 2;
        int targetRpi = at + 26 + parameterBytes;
        int transport = targetRpi + 4 + parameterBytes;
        int pathWords = LittleEndian.u8(in, transport + 1);
        CipPath path = 2 * pathWords <= length - fixed ? CipPath.parse(in, at + fixed, pathWords)
                : new CipPath(-1, -1, -1, -1, "", 0, "truncated_path");
        return new ConnectionParameters(LittleEndian.u32(in, at + 2), LittleEndian.u32(in, at + 6),
                LittleEndian.u16(in, at + 10), LittleEndian.u16(in, at + 12), LittleEndian.u32(in, at + 14),
                LittleEndian.u8(in, transport) & 0x0F, LittleEndian.u32(in, at + 22), LittleEndian.u32(in, targetRpi),
                path);
    }

    /** A Forward Open success reply, or null when its data is too short. */
    static ConnectionParameters forwardOpenReply(ByteBuffer in, int at, int length) {
        if (length < FORWARD_OPEN_REPLY_BYTES) {
            return null;
        }
        return new ConnectionParameters(LittleEndian.u32(in, at), LittleEndian.u32(in, at + 4),
                LittleEndian.u16(in, at + 8), LittleEndian.u16(in, at + 10), LittleEndian.u32(in, at + 12),
                -1, LittleEndian.u32(in, at + 16), LittleEndian.u32(in, at + 20), CipPath.EMPTY);
    }

    /** A Forward Close request, or null when its data is too short. */
    static ConnectionParameters forwardCloseRequest(ByteBuffer in, int at, int length) {
        if (length < FORWARD_CLOSE_FIXED_BYTES) {
            return null;
        }
        int pathWords = LittleEndian.u8(in, at + 10);
        CipPath path = 2 * pathWords <= length - FORWARD_CLOSE_FIXED_BYTES
                ? CipPath.parse(in, at + FORWARD_CLOSE_FIXED_BYTES, pathWords)
                : new CipPath(-1, -1, -1, -1, "", 0, "truncated_path");
        return new ConnectionParameters(-1, -1, LittleEndian.u16(in, at + 2), LittleEndian.u16(in, at + 4),
                LittleEndian.u32(in, at + 6), -1, -1, -1, path);
    }

    /** The record fields (connection ids as numbers, as Wireshark's cip.cm.*_connid read in hex). */
    Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        if (originatorToTargetId >= 0) {
            f.put("o_t_connection", originatorToTargetId);
        }
        if (targetToOriginatorId >= 0) {
            f.put("t_o_connection", targetToOriginatorId);
        }
        f.put("serial", serialNumber);
        f.put("vendor_id", vendorId);
        f.put("originator_serial", originatorSerial);
        if (transportClass >= 0) {
            f.put("transport_class", transportClass);
        }
        if (rpiOriginatorToTarget >= 0) {
            f.put("o_t_interval_us", rpiOriginatorToTarget);
            f.put("t_o_interval_us", rpiTargetToOriginator);
        }
        if (path.hasClass()) {
            f.put("path_class", path.classId());
        }
        return f;
    }
}
