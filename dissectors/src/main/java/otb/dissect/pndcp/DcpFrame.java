package otb.dissect.pndcp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One PROFINET DCP PDU (IEC 61158-6-10, clause 4.3.1.3): after the FrameID (2), ServiceID (1),
 * ServiceType (1), Xid (4), ResponseDelay or reserved (2), DCPDataLength (2), then blocks of
 * Option (1), Suboption (1), DCPBlockLength (2) and data, each padded to an even length. Request
 * blocks of Get are bare option/suboption pairs; Set request blocks start with a BlockQualifier
 * (2) and response blocks with a BlockInfo (2).
 *
 * @param frameId      FrameID: 0xFEFC hello, 0xFEFD get/set, 0xFEFE identify request, 0xFEFF identify response
 * @param service      ServiceID: 3 get, 4 set, 5 identify, 6 hello
 * @param serviceType  ServiceType: 0 request, 1 response success, 5 response "request not supported"
 * @param xid          transaction id, 0..2^32-1
 * @param responseDelay ResponseDelay factor of an identify request (0 elsewhere)
 * @param options      every block as "option/suboption" names, in order
 * @param fields       the values the blocks carry, by record field name
 * @param anomalies    what did not fit the standard
 */
record DcpFrame(int frameId, int service, int serviceType, long xid, int responseDelay, List<String> options,
                Map<String, Object> fields, List<String> anomalies) {
    static final int SERVICE_GET = 3;
    static final int SERVICE_SET = 4;
    static final int SERVICE_IDENTIFY = 5;
    static final int SERVICE_HELLO = 6;
    static final String UNKNOWN_SERVICE_NAME = "unknown_service";

    static final int FRAME_ID_HELLO = 0xFEFC;
    static final int FRAME_ID_GET_SET = 0xFEFD;
    static final int FRAME_ID_IDENTIFY_REQUEST = 0xFEFE;
    static final int FRAME_ID_IDENTIFY_RESPONSE = 0xFEFF;

    /** FrameID (2) and the DCP header (10). */
    static final int HEADER_BYTES = 12;
    /** Longest station name (IEC 61158-6-10: NameOfStation up to 240 octets). */
    static final int MAX_TEXT_CHARS = 255;
    /** Blocks read from one PDU before the rest is ignored (one Ethernet frame holds fewer). */
    static final int MAX_BLOCKS = 64;

    static boolean isDcpFrameId(int frameId) {
        return frameId >= FRAME_ID_HELLO && frameId <= FRAME_ID_IDENTIFY_RESPONSE;
    }

    static String serviceName(int service) {
        return switch (service) {
            case SERVICE_GET -> "get";
            case SERVICE_SET -> "set";
            case SERVICE_IDENTIFY -> "identify";
            case SERVICE_HELLO -> "hello";
            default -> UNKNOWN_SERVICE_NAME;
        };
    }

    static String serviceTypeName(int serviceType) {
        return switch (serviceType) {
            case 0 -> "request";
            case 1 -> "response_success";
            case 5 -> "response_unsupported";
            default -> "type_" + serviceType;
        };
    }

    boolean request() {
        return serviceType == 0;
    }

    /** The PDU after the EtherType at {@code at}; null when it is not a whole DCP PDU. */
    static DcpFrame parse(ByteBuffer in, int at, int limit) {
        if (limit - at < HEADER_BYTES) {
            return null;
        }
        int frameId = in.getShort(at) & 0xFFFF;
        if (!isDcpFrameId(frameId)) {
            return null;
        }
        int service = in.get(at + 2) & 0xFF;
        int serviceType = in.get(at + 3) & 0xFF;
        long xid = in.getInt(at + 4) & 0xFFFF_FFFFL;
        int delay = frameId == FRAME_ID_IDENTIFY_REQUEST ? in.getShort(at + 8) & 0xFFFF : 0;
        int dataLength = in.getShort(at + 10) & 0xFFFF;
        List<String> anomalies = new ArrayList<>(0);
        int end = at + HEADER_BYTES + dataLength;
        if (end > limit) {
            anomalies.add("length_mismatch");
            end = limit;
        }
        List<String> options = new ArrayList<>();
        Map<String, Object> fields = new LinkedHashMap<>();
        boolean bareGet = service == SERVICE_GET && serviceType == 0;
        int position = at + HEADER_BYTES;
        while (position < end && options.size() < MAX_BLOCKS) {
            if (end - position < 2) {
                anomalies.add("truncated_block");
                break;
            }
            int option = in.get(position) & 0xFF;
            int suboption = in.get(position + 1) & 0xFF;
            options.add(DcpOptions.name(option, suboption));
            if (bareGet) {
                position += 2;
                continue;
            }
            if (end - position < 4) {
                anomalies.add("truncated_block");
                break;
            }
            int blockLength = in.getShort(position + 2) & 0xFFFF;
            int data = position + 4;
            if (blockLength > end - data) {
                anomalies.add("truncated_block");
                break;
            }
            int dataEnd = data + blockLength;
            // Response and hello blocks open with BlockInfo, Set request blocks with BlockQualifier
            // (2 each); identify request filters carry their data straight away.
            boolean prefixed = serviceType != 0 || service == SERVICE_SET || service == SERVICE_HELLO;
            if (prefixed && !(option == DcpOptions.CONTROL && suboption == DcpOptions.CONTROL_RESPONSE)) {
                data = Math.min(dataEnd, data + 2);
            }
            DcpOptions.decode(in, option, suboption, data, dataEnd, fields, anomalies);
            position = dataEnd + (blockLength & 1);
        }
        return new DcpFrame(frameId, service, serviceType, xid, delay, options, fields, anomalies);
    }

    static String text(ByteBuffer in, int at, int end) {
        int kept = Math.min(end - at, MAX_TEXT_CHARS);
        byte[] bytes = new byte[Math.max(0, kept)];
        in.get(at, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
