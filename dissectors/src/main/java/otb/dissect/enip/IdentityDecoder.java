package otb.dissect.enip;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The identity a device reveals: the CIP Identity item of a ListIdentity reply (Vol 2 table
 * 2-4.4) and the Identity object's attributes 1-7 in a Get_Attributes_All reply (Vol 1 5-2.2.1:
 * vendor id, device type, product code, revision, status, serial number, product name).
 * Keys: {@code vendor_id}, {@code device_type}, {@code product_code}, {@code revision}
 * (major.minor), {@code serial_number} (8 hex digits, as Wireshark shows it), {@code product_name}.
 */
final class IdentityDecoder {
    private IdentityDecoder() {
    }

    /** ListIdentity item: version (2) and socket address (16) before the identity attributes. */
    private static final int LIST_IDENTITY_ATTRIBUTES_AT = 18;
    /** Attributes 1-6 (vendor, type, product code, revision, status, serial) take 14 octets. */
    private static final int FIXED_ATTRIBUTE_BYTES = 14;

    /** From a ListIdentity CIP Identity item; empty when too short. */
    static Map<String, String> fromListIdentityItem(ByteBuffer in, int at, int length) {
        if (length < LIST_IDENTITY_ATTRIBUTES_AT) {
            return Map.of();
        }
        return attributes(in, at + LIST_IDENTITY_ATTRIBUTES_AT, length - LIST_IDENTITY_ATTRIBUTES_AT);
    }

    /** From an Identity object Get_Attributes_All reply's data; empty when too short. */
    static Map<String, String> fromGetAttributesAll(ByteBuffer in, int at, int length) {
        return attributes(in, at, length);
    }

    private static Map<String, String> attributes(ByteBuffer in, int at, int length) {
        if (length < FIXED_ATTRIBUTE_BYTES) {
            return Map.of();
        }
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("vendor_id", Integer.toString(LittleEndian.u16(in, at)));
        identity.put("device_type", Integer.toString(LittleEndian.u16(in, at + 2)));
        identity.put("product_code", Integer.toString(LittleEndian.u16(in, at + 4)));
        identity.put("revision", LittleEndian.u8(in, at + 6) + "." + String.format(Locale.ROOT, "%02d",
                LittleEndian.u8(in, at + 7)));
        identity.put("serial_number", String.format(Locale.ROOT, "%08x", LittleEndian.u32(in, at + 10)));
        if (length > FIXED_ATTRIBUTE_BYTES) {
            // Vol 1 C-6.1: SHORT_STRING, a length octet and that many characters.
            int nameLength = LittleEndian.u8(in, at + FIXED_ATTRIBUTE_BYTES);
            int available = Math.min(nameLength, length - FIXED_ATTRIBUTE_BYTES - 1);
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < available && name.length() < EnipLimits.MAX_NAME_CHARS; i++) {
                int c = LittleEndian.u8(in, at + FIXED_ATTRIBUTE_BYTES + 1 + i);
                name.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
            }
            if (!name.isEmpty()) {
                identity.put("product_name", name.toString());
            }
        }
        return identity;
    }
}
