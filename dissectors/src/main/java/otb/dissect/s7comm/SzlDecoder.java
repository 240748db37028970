package otb.dissect.s7comm;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes the SZL (system status list) partial lists that reveal a PLC's identity and mode.
 * Layouts from the S7-300/400 System Software manual, "System status lists":
 * <ul>
 * <li>0x0011 module identification: records of index (2), order number MLFB (20 characters),
 *     module type (2), version Ausbg (2) and Ausbe (2); index 1 = module, 6 = basic hardware,
 *     7 = basic firmware, whose version reads 'V', major, minor, patch.</li>
 * <li>0x001C component identification: records of index (2) and 32 characters: 1 PLC name,
 *     2 module name, 3 plant designation, 4 copyright, 5 serial number, 7 module type name,
 *     8 memory card serial number, 0x0B location.</li>
 * <li>0x0424 current mode: ereig (2), ae (1), bzu-id (1: requested mode in bits 0-3, previous
 *     mode in bits 4-7), reserved (4), startup information (4), time stamp (8).</li>
 * </ul>
 */
final class SzlDecoder {
    static final int MODULE_IDENTIFICATION = 0x0011;
    static final int COMPONENT_IDENTIFICATION = 0x001C;
    static final int CURRENT_MODE = 0x0424;
    /** SZL response data: id, index, record length, record count. */
    static final int SZL_HEADER_BYTES = 8;
    private static final int ORDER_NUMBER_CHARS = 20;
    private static final int COMPONENT_NAME_CHARS = 32;

    private SzlDecoder() {
    }

    /**
     * Identity fields from an SZL response's data ({@code in[offset, offset + length)}, starting
     * with the SZL id); empty for other lists.
     */
    static Map<String, String> identity(ByteBuffer in, int offset, int length) {
        Map<String, String> identity = new LinkedHashMap<>();
        if (length < SZL_HEADER_BYTES) {
            return identity;
        }
        int id = in.getShort(offset) & 0xFFFF;
        int recordLength = in.getShort(offset + 4) & 0xFFFF;
        int count = in.getShort(offset + 6) & 0xFFFF;
        if (recordLength < 2) {
            return identity;
        }
        int end = offset + length;
        int record = offset + SZL_HEADER_BYTES;
        for (int i = 0; i < count && i < S7Limits.MAX_SZL_RECORDS && record + recordLength <= end;
             i++, record += recordLength) {
            switch (id) {
                case MODULE_IDENTIFICATION, 0x0111 -> moduleIdentification(in, record, recordLength, identity);
                case COMPONENT_IDENTIFICATION, 0x011C -> componentIdentification(in, record, recordLength, identity);
                case CURRENT_MODE -> currentMode(in, record, recordLength, identity);
                default -> {
                    return identity;
                }
            }
        }
        return identity;
    }

    private static void moduleIdentification(ByteBuffer in, int record, int length, Map<String, String> identity) {
        if (length < 2 + ORDER_NUMBER_CHARS + 6) {
            return;
        }
        int index = in.getShort(record) & 0xFFFF;
        String orderNumber = text(in, record + 2, ORDER_NUMBER_CHARS);
        int versionHigh = in.getShort(record + 24) & 0xFFFF;
        int versionLow = in.getShort(record + 26) & 0xFFFF;
        switch (index) {
            case 0x0001 -> {
                putIfText(identity, "order_number", orderNumber);
                identity.put("module_version", Integer.toString(versionLow));
            }
            case 0x0006 -> {
                putIfText(identity, "hardware_order_number", orderNumber);
                identity.put("hardware_version", Integer.toString(versionLow));
            }
            case 0x0007 -> identity.put("firmware_version", letterVersion(versionHigh, versionLow));
            case 0x0081 -> identity.put("boot_loader_version", letterVersion(versionHigh, versionLow));
            default -> {
            }
        }
    }

    /** 'V', 3, 2, 6 as V3.2.6. */
    private static String letterVersion(int high, int low) {
        int letter = high >> 8;
        String prefix = letter >= 'A' && letter <= 'Z' ? String.valueOf((char) letter) : "";
        return prefix + (high & 0xFF) + "." + (low >> 8) + "." + (low & 0xFF);
    }

    private static void componentIdentification(ByteBuffer in, int record, int length, Map<String, String> identity) {
        if (length < 2 + COMPONENT_NAME_CHARS) {
            return;
        }
        int index = in.getShort(record) & 0xFFFF;
        String key = switch (index) {
            case 0x0001 -> "plc_name";
            case 0x0002 -> "module_name";
            case 0x0003 -> "plant_designation";
            case 0x0004 -> "copyright";
            case 0x0005 -> "serial_number";
            case 0x0007 -> "module_type_name";
            case 0x0008 -> "memory_card_serial_number";
            case 0x000B -> "location_designation";
            default -> "";
        };
        if (!key.isEmpty()) {
            putIfText(identity, key, text(in, record + 2, COMPONENT_NAME_CHARS));
        }
    }

    private static void currentMode(ByteBuffer in, int record, int length, Map<String, String> identity) {
        if (length < 4) {
            return;
        }
        int modes = in.get(record + 3) & 0xFF;
        identity.put("cpu_mode", S7Names.cpuMode(modes & 0x0F));
        identity.put("previous_cpu_mode", S7Names.cpuMode(modes >> 4));
    }

    private static void putIfText(Map<String, String> identity, String key, String value) {
        if (!value.isEmpty()) {
            identity.put(key, value);
        }
    }

    /** Printable ASCII up to the first NUL, trimmed. */
    private static String text(ByteBuffer in, int offset, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int c = in.get(offset + i) & 0xFF;
            if (c == 0) {
                break;
            }
            text.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return text.toString().trim();
    }
}
