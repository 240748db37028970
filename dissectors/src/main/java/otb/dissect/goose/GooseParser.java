package otb.dissect.goose;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one GOOSE frame from the bytes after its EtherType (IEC 61850-8-1, annex A): APPID (2),
 * Length (2), Reserved 1 (2), Reserved 2 (2), then the BER-encoded IECGoosePdu, [APPLICATION 1]
 * IMPLICIT SEQUENCE of context tags [0] gocbRef .. [11] allData. Stateless; never throws on
 * wire data: what does not parse is null.
 */
final class GooseParser {
    /** APPID, Length, Reserved 1 and Reserved 2. */
    static final int HEADER_BYTES = 8;
    /** The goosePdu tag: [APPLICATION 1] constructed. */
    static final int GOOSE_PDU_TAG = 0x61;

    private GooseParser() {
    }

    /** The frame at {@code at}, within {@code limit}; null when it is not a whole GOOSE frame. */
    static GoosePdu parse(ByteBuffer in, int at, int limit) {
        if (limit - at < HEADER_BYTES + 2) {
            return null;
        }
        int appId = in.getShort(at) & 0xFFFF;
        int length = in.getShort(at + 2) & 0xFFFF;
        if (length < HEADER_BYTES + 2 || length > limit - at) {
            return null;
        }
        int end = at + length;
        boolean simulation = (in.getShort(at + 4) & 0x8000) != 0;
        int pdu = at + HEADER_BYTES;
        if ((in.get(pdu) & 0xFF) != GOOSE_PDU_TAG) {
            return null;
        }
        Ber.Header outer = Ber.header(in, pdu, end);
        if (outer == null) {
            return null;
        }
        List<String> anomalies = new ArrayList<>(0);
        if (outer.end() != end) {
            anomalies.add("length_mismatch");
        }
        String gocbRef = null;
        String dataSet = null;
        String goId = "";
        long timeAllowedToLive = -1;
        long timestamp = -1;
        long stNum = -1;
        long sqNum = -1;
        boolean test = false;
        long confRev = -1;
        boolean ndsCom = false;
        long entries = -1;
        List<Double> values = List.of();
        int dataItems = 0;
        int position = outer.contentStart();
        while (position < outer.end()) {
            Ber.Header field = Ber.header(in, position, outer.end());
            if (field == null) {
                return null;
            }
            int start = field.contentStart();
            int size = field.end() - start;
            switch (field.tag()) {
                case 0x80 -> gocbRef = text(in, start, size);
                case 0x81 -> timeAllowedToLive = Ber.integer(in, start, size);
                case 0x82 -> dataSet = text(in, start, size);
                case 0x83 -> goId = text(in, start, size);
                case 0x84 -> timestamp = utcTime(in, start, size);
                case 0x85 -> stNum = Ber.unsigned32(in, start, size);
                case 0x86 -> sqNum = Ber.unsigned32(in, start, size);
                case 0x87 -> test = size == 1 && in.get(start) != 0;
                case 0x88 -> confRev = Ber.unsigned32(in, start, size);
                case 0x89 -> ndsCom = size == 1 && in.get(start) != 0;
                case 0x8A -> entries = Ber.integer(in, start, size);
                case 0xAB -> {
                    values = new ArrayList<>();
                    dataItems = Ber.values(in, start, field.end(), values, anomalies);
                }
                default -> anomalies.add("unknown_field");
            }
            position = field.end();
        }
        if (gocbRef == null || dataSet == null || stNum < 0 || sqNum < 0) {
            return null;
        }
        if (entries >= 0 && entries != dataItems) {
            anomalies.add("entry_count_mismatch");
        }
        return new GoosePdu(appId, length, simulation, gocbRef, timeAllowedToLive, dataSet, goId, timestamp, stNum,
                sqNum, test, confRev, ndsCom, entries, values, dataItems, anomalies);
    }

    private static String text(ByteBuffer in, int at, int size) {
        int kept = Math.min(size, GooseLimits.MAX_TEXT_CHARS);
        byte[] bytes = new byte[kept];
        in.get(at, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * UtcTime (IEC 61850-8-1, clause 8.1.3.7): seconds since 1970 (4), fraction of a second as a
     * 24-bit binary fraction (3), time quality (1). -1 when not 8 octets.
     */
    private static long utcTime(ByteBuffer in, int at, int size) {
        if (size != 8) {
            return -1;
        }
        long seconds = in.getInt(at) & 0xFFFF_FFFFL;
        long fraction = ((in.get(at + 4) & 0xFFL) << 16) | ((in.get(at + 5) & 0xFFL) << 8) | (in.get(at + 6) & 0xFFL);
        return seconds * 1_000_000_000L + (fraction * 1_000_000_000L >>> 24);
    }
}
