package otb.dissect.enip;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A CIP explicit message (Vol 1 2-4): a request (service, path size in words, padded EPATH,
 * data) or a reply (service with bit 7 set, a reserved octet, general status, extended status
 * size in words, extended status, data). Offsets point into the buffer being parsed and are
 * valid during the parse call only.
 */
sealed interface CipPdu permits CipPdu.Request, CipPdu.Reply, CipPdu.Unreadable {

    /** Vol 1 2-4.1: service and path size. */
    int REQUEST_HEADER_BYTES = 2;
    /** Vol 1 2-4.2: service, reserved, general status, extended status size. */
    int REPLY_HEADER_BYTES = 4;

    /**
     * @param service    the service code, 0..127
     * @param path       the request path
     * @param dataOffset absolute index of the request data
     * @param dataLength bytes of request data
     */
    record Request(int service, CipPath path, int dataOffset, int dataLength) implements CipPdu {
    }

    /**
     * @param service        the service code without the reply bit, 0..127
     * @param generalStatus  0..255, 0 for success
     * @param extendedStatus extended status words (at most {@link EnipLimits#MAX_EXTENDED_STATUS_WORDS} kept)
     * @param dataOffset     absolute index of the reply data
     * @param dataLength     bytes of reply data
     */
    record Reply(int service, int generalStatus, List<Integer> extendedStatus, int dataOffset, int dataLength)
            implements CipPdu {
    }

    /** Bytes too short for the header they start, or whose sizes run past their end. */
    record Unreadable(String problem) implements CipPdu {
    }

    static CipPdu decode(ByteBuffer in, int at, int length) {
        if (length < 1) {
            return new Unreadable("empty_cip_message");
        }
        int service = LittleEndian.u8(in, at);
        if ((service & CipServices.REPLY_BIT) == 0) {
            if (length < REQUEST_HEADER_BYTES) {
                return new Unreadable("truncated_cip_header");
            }
            int pathBytes = 2 * LittleEndian.u8(in, at + 1);
            if (pathBytes > length - REQUEST_HEADER_BYTES) {
                return new Unreadable("path_size_exceeds_message");
            }
            CipPath path = CipPath.parse(in, at + REQUEST_HEADER_BYTES, pathBytes / 2);
            int data = at + REQUEST_HEADER_BYTES + pathBytes;
            return new Request(service, path, data, at + length - data);
        }
        if (length < REPLY_HEADER_BYTES) {
            return new Unreadable("truncated_cip_header");
        }
        int words = LittleEndian.u8(in, at + 3);
        if (2 * words > length - REPLY_HEADER_BYTES) {
            return new Unreadable("extended_status_exceeds_message");
        }
        List<Integer> extended = new ArrayList<>(Math.min(words, EnipLimits.MAX_EXTENDED_STATUS_WORDS));
        for (int i = 0; i < words && i < EnipLimits.MAX_EXTENDED_STATUS_WORDS; i++) {
            extended.add(LittleEndian.u16(in, at + REPLY_HEADER_BYTES + 2 * i));
        }
        int data = at + REPLY_HEADER_BYTES + 2 * words;
        return new Reply(service & CipServices.SERVICE_MASK, LittleEndian.u8(in, at + 2), List.copyOf(extended),
                data, at + length - data);
    }

    /**
     * The embedded services of a Multiple Service Packet's data (Vol 1: number of
     * services, an offset for each from the start of the number, then the services), as
     * [offset, length] pairs; null when the offsets do not lie in order inside the data.
     */
    static int[][] embedded(ByteBuffer in, int dataOffset, int dataLength) {
        if (dataLength < 2) {
            return null;
        }
        int count = LittleEndian.u16(in, dataOffset);
        if (count == 0 || count > EnipLimits.MAX_EMBEDDED_SERVICES || 2 + 2 * count > dataLength) {
            return null;
        }
        int[][] services = new int[count][];
        int previous = 2 + 2 * count;
        for (int i = 0; i < count; i++) {
            int offset = LittleEndian.u16(in, dataOffset + 2 + 2 * i);
            int next = i + 1 < count ? LittleEndian.u16(in, dataOffset + 4 + 2 * i) : dataLength;
            if (offset < previous || next < offset || next > dataLength) {
                return null;
            }
            services[i] = new int[] {dataOffset + offset, next - offset};
            previous = offset;
        }
        return services;
    }
}
