package otb.dissect.lldp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One LLDPDU (IEEE 802.1AB-2016, clause 8): TLVs of a 7-bit type and a 9-bit length (8.4.1),
 * Chassis ID, Port ID and Time To Live first (8.5.1-8.5.3), optional TLVs, an End TLV.
 *
 * @param fields    record fields decoded from the TLVs, in order
 * @param anomalies what did not fit the standard
 */
record Lldpdu(Map<String, Object> fields, List<String> anomalies) {
    static final int TLV_END = 0;
    static final int TLV_CHASSIS_ID = 1;
    static final int TLV_PORT_ID = 2;
    static final int TLV_TTL = 3;
    static final int TLV_PORT_DESCRIPTION = 4;
    static final int TLV_SYSTEM_NAME = 5;
    static final int TLV_SYSTEM_DESCRIPTION = 6;
    static final int TLV_CAPABILITIES = 7;
    static final int TLV_MANAGEMENT_ADDRESS = 8;
    /** TLVs read before the rest is ignored (an Ethernet frame holds fewer useful ones). */
    static final int MAX_TLVS = 64;
    /** Management addresses kept. */
    static final int MAX_MANAGEMENT_ADDRESSES = 8;
    /** Longest string kept (8.5.5-8.5.7: at most 255 octets). */
    static final int MAX_TEXT_CHARS = 255;

    /** The LLDPDU at {@code at}; null when its three mandatory TLVs are not there in order. */
    static Lldpdu parse(ByteBuffer in, int at, int limit) {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<String> anomalies = new ArrayList<>(0);
        List<String> managementAddresses = new ArrayList<>(1);
        int position = at;
        int index = 0;
        boolean ended = false;
        while (position < limit && index < MAX_TLVS) {
            if (limit - position < 2) {
                anomalies.add("truncated_tlv");
                break;
            }
            int header = in.getShort(position) & 0xFFFF;
            int type = header >>> 9;
            int length = header & 0x1FF;
            int value = position + 2;
            if (length > limit - value) {
                if (index < 3) {
                    return null;
                }
                anomalies.add("truncated_tlv");
                break;
            }
            // 8.2: Chassis ID, Port ID and TTL are the first three TLVs, in this order.
            if (index < 3 && type != index + 1) {
                return null;
            }
            int end = value + length;
            switch (type) {
                case TLV_END -> ended = true;
                case TLV_CHASSIS_ID, TLV_PORT_ID -> {
                    if (length < 2) {
                        return null;
                    }
                    int subtype = in.get(value) & 0xFF;
                    String prefix = type == TLV_CHASSIS_ID ? "chassis_id" : "port_id";
                    fields.put(prefix + "_subtype", subtype);
                    boolean macSubtype = type == TLV_CHASSIS_ID ? subtype == 4 : subtype == 3;
                    boolean addressSubtype = type == TLV_CHASSIS_ID ? subtype == 5 : subtype == 4;
                    fields.put(prefix, identifier(in, value + 1, end, macSubtype, addressSubtype));
                }
                case TLV_TTL -> {
                    if (length < 2) {
                        return null;
                    }
                    fields.put("ttl", in.getShort(value) & 0xFFFF);
                }
                case TLV_PORT_DESCRIPTION -> fields.putIfAbsent("port_description", text(in, value, end));
                case TLV_SYSTEM_NAME -> fields.putIfAbsent("system_name", text(in, value, end));
                case TLV_SYSTEM_DESCRIPTION -> fields.putIfAbsent("system_description", text(in, value, end));
                case TLV_CAPABILITIES -> {
                    if (length >= 4) {
                        fields.putIfAbsent("capabilities", in.getShort(value) & 0xFFFF);
                        fields.putIfAbsent("enabled_capabilities", in.getShort(value + 2) & 0xFFFF);
                    } else {
                        anomalies.add("short_capabilities");
                    }
                }
                case TLV_MANAGEMENT_ADDRESS -> {
                    // 8.5.9: address string length (1, subtype + address), subtype (1), address.
                    if (length >= 2) {
                        int stringLength = in.get(value) & 0xFF;
                        if (stringLength >= 2 && stringLength + 1 <= length
                                && managementAddresses.size() < MAX_MANAGEMENT_ADDRESSES) {
                            managementAddresses.add(address(in, value + 1, value + 1 + stringLength));
                        }
                    }
                }
                default -> {
                    // Organisationally specific (127) and reserved TLVs: skipped.
                }
            }
            position = end;
            index++;
            if (ended) {
                break;
            }
        }
        if (index < 3) {
            return null;
        }
        if (!managementAddresses.isEmpty()) {
            fields.put("management_addresses", managementAddresses);
        }
        if (!ended) {
            anomalies.add("no_end_tlv");
        }
        return new Lldpdu(fields, anomalies);
    }

    /** A chassis or port id: a MAC address, a network address, or text. */
    private static String identifier(ByteBuffer in, int at, int end, boolean mac, boolean address) {
        if (mac && end - at == 6) {
            StringBuilder text = new StringBuilder(17);
            for (int i = 0; i < 6; i++) {
                if (i > 0) {
                    text.append(':');
                }
                text.append(String.format("%02x", in.get(at + i) & 0xFF));
            }
            return text.toString();
        }
        if (address) {
            return address(in, at, end);
        }
        return text(in, at, end);
    }

    /** A network address: IANA address family (1, RFC 3232), then the address (IPv4 dotted, else hex). */
    private static String address(ByteBuffer in, int at, int end) {
        int family = in.get(at) & 0xFF;
        if (family == 1 && end - at == 5) {
            return (in.get(at + 1) & 0xFF) + "." + (in.get(at + 2) & 0xFF) + "." + (in.get(at + 3) & 0xFF) + "."
                    + (in.get(at + 4) & 0xFF);
        }
        StringBuilder text = new StringBuilder();
        for (int i = at + 1; i < end && text.length() < 2 * MAX_TEXT_CHARS; i++) {
            text.append(String.format("%02x", in.get(i) & 0xFF));
        }
        return family + ":" + text;
    }

    private static String text(ByteBuffer in, int at, int end) {
        byte[] bytes = new byte[Math.min(end - at, MAX_TEXT_CHARS)];
        in.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
