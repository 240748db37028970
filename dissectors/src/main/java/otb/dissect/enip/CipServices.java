package otb.dissect.enip;

import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import java.util.Locale;
import otb.dissect.FunctionEffect;
import otb.dissect.OperationClass;

/**
 * CIP service names, operation classes and effects. Services 0x01-0x1C are common services
 * (Vol 1 appendix A, table) and mean the same on every object; 0x4B-0x63 are object
 * specific (table ), so their meaning depends on the class of the path: the Connection
 * Manager's (Vol 1 3-5.5), the PCCC object's and the Logix tag services (a symbolic path, or
 * the Symbol and Template objects), as Wireshark's CIP dissector names them.
 *
 * <p>Class 0x8E, the object ITI's cip_start_plc and cip_stop_plc captures send Start (0x06) and
 * Stop (0x07) to (Wireshark: "Unknown" class), is the Logix controller itself: its object
 * specific services (cip_unlock_cpu sends 0x4C) change its mode or access in ways otb cannot
 * decode, so they count as a possible mode change ({@link FunctionEffect#START_OR_STOP}).
 */
final class CipServices {
    private CipServices() {
    }

    /** Vol 1 2-4.1: bit 7 of the service code marks a reply. */
    static final int REPLY_BIT = 0x80;
    static final int SERVICE_MASK = 0x7F;

    static final int GET_ATTRIBUTES_ALL = 0x01;
    static final int RESET = 0x05;
    static final int START = 0x06;
    static final int STOP = 0x07;
    static final int MULTIPLE_SERVICE_PACKET = 0x0A;

    /** Object specific services (table: 0x4B-0x63). */
    static final int FIRST_OBJECT_SPECIFIC = 0x4B;
    static final int LAST_OBJECT_SPECIFIC = 0x63;

    /** Vol 1 5-2: the Identity object. */
    static final long IDENTITY_CLASS = 0x01;
    /** Vol 1 5-1: the Message Router. */
    static final long MESSAGE_ROUTER_CLASS = 0x02;
    /** Vol 1 3-5: the Connection Manager and its services (table 3-5.14). */
    static final long CONNECTION_MANAGER_CLASS = 0x06;
    static final int FORWARD_CLOSE = 0x4E;
    static final int UNCONNECTED_SEND = 0x52;
    static final int FORWARD_OPEN = 0x54;
    static final int GET_CONNECTION_DATA = 0x56;
    static final int SEARCH_CONNECTION_DATA = 0x57;
    static final int GET_CONNECTION_OWNER = 0x5A;
    static final int LARGE_FORWARD_OPEN = 0x5B;
    /** The PCCC object (Rockwell; Wireshark's "PCCC Class") and its Execute PCCC service. */
    static final long PCCC_CLASS = 0x67;
    static final int EXECUTE_PCCC = 0x4B;
    /** Logix tag services, on a symbolic path or the Symbol (0x6B) and Template (0x6C) objects. */
    static final long SYMBOL_CLASS = 0x6B;
    static final long TEMPLATE_CLASS = 0x6C;
    static final int READ_TAG = 0x4C;
    static final int WRITE_TAG = 0x4D;
    static final int READ_MODIFY_WRITE_TAG = 0x4E;
    static final int READ_TAG_FRAGMENTED = 0x52;
    static final int WRITE_TAG_FRAGMENTED = 0x53;
    static final int GET_INSTANCE_ATTRIBUTE_LIST = 0x55;
    /** The Logix controller object (see the class comment). */
    static final long CONTROLLER_CLASS = 0x8E;

    /**
     * What a service does, by name.
     *
     * @param code      the service code without the reply bit, 0..127
     * @param name      snake_case, unique across the CIP descriptor
     * @param operation its operation class
     * @param effect    its effect on the controller
     */
    record Service(int code, String name, OperationClass operation, FunctionEffect effect) {
    }

    /**
     * The classes whose services have names of their own, and the kind every other class shares
     * (index 0); the last kind is a symbolic path. {@link #TABLE} holds each kind's 128 services,
     * made once, so that naming a message formats nothing.
     */
    private static final long[] NAMED_CLASSES = {-1, IDENTITY_CLASS, CONNECTION_MANAGER_CLASS, PCCC_CLASS,
        SYMBOL_CLASS, TEMPLATE_CLASS, CONTROLLER_CLASS};
    private static final int SYMBOLIC_KIND = NAMED_CLASSES.length;
    private static final Service[][] TABLE = table();

    private static Service[][] table() {
        Service[][] table = new Service[NAMED_CLASSES.length + 1][SERVICE_MASK + 1];
        for (int code = 0; code <= SERVICE_MASK; code++) {
            for (int kind = 0; kind < NAMED_CLASSES.length; kind++) {
                table[kind][code] = describe(code, NAMED_CLASSES[kind], false);
            }
            table[SYMBOLIC_KIND][code] = describe(code, -1, true);
        }
        return table;
    }

    /** The service {@code code} (0..127) on an object of class {@code classId} (or -1), by a symbolic path or not. */
    static Service of(int code, long classId, boolean symbolic) {
        int kind = 0;
        if (symbolic) {
            kind = SYMBOLIC_KIND;
        } else {
            for (int i = 1; i < NAMED_CLASSES.length; i++) {
                if (NAMED_CLASSES[i] == classId) {
                    kind = i;
                }
            }
        }
        return TABLE[kind][code & SERVICE_MASK];
    }

    private static Service describe(int code, long classId, boolean symbolic) {
        if (code >= FIRST_OBJECT_SPECIFIC && code <= LAST_OBJECT_SPECIFIC) {
            return objectSpecific(code, classId, symbolic);
        }
        return common(code, classId);
    }

    private static Service common(int code, long classId) {
        return switch (code) {
            case GET_ATTRIBUTES_ALL -> read(code, "get_attributes_all");
            case 0x02 -> write(code, "set_attributes_all");
            case 0x03 -> read(code, "get_attribute_list");
            case 0x04 -> write(code, "set_attribute_list");
            // Vol 1 5-2.3.1: Reset of the Identity object restarts the device.
            case RESET -> classId == IDENTITY_CLASS
                    ? new Service(code, "reset_device", OperationClass.MANAGEMENT, FunctionEffect.RESTART)
                    : new Service(code, "reset", OperationClass.MANAGEMENT, FunctionEffect.NONE);
            case START -> new Service(code, "start", OperationClass.CONTROL, FunctionEffect.START);
            case STOP -> new Service(code, "stop", OperationClass.CONTROL, FunctionEffect.STOP);
            case 0x08 -> new Service(code, "create", OperationClass.MANAGEMENT, FunctionEffect.NONE);
            case 0x09 -> new Service(code, "delete", OperationClass.MANAGEMENT, FunctionEffect.NONE);
            case MULTIPLE_SERVICE_PACKET -> other(code, "multiple_service_packet");
            case 0x0D -> write(code, "apply_attributes");
            case 0x0E -> read(code, "get_attribute_single");
            case 0x10 -> write(code, "set_attribute_single");
            case 0x11 -> read(code, "find_next_object_instance");
            case 0x14 -> other(code, "error_response");
            case 0x15 -> new Service(code, "restore", OperationClass.MANAGEMENT, FunctionEffect.NONE);
            case 0x16 -> new Service(code, "save", OperationClass.MANAGEMENT, FunctionEffect.NONE);
            case 0x17 -> other(code, "no_operation");
            case 0x18 -> read(code, "get_member");
            case 0x19 -> write(code, "set_member");
            case 0x1A -> write(code, "insert_member");
            case 0x1B -> write(code, "remove_member");
            case 0x1C -> new Service(code, "group_sync", OperationClass.MANAGEMENT, FunctionEffect.NONE);
            default -> other(code, "service_0x" + hex2(code));
        };
    }

    private static Service objectSpecific(int code, long classId, boolean symbolic) {
        if (classId == CONNECTION_MANAGER_CLASS) {
            switch (code) {
                case FORWARD_CLOSE: return management(code, "forward_close");
                case UNCONNECTED_SEND: return management(code, "unconnected_send");
                case FORWARD_OPEN: return management(code, "forward_open");
                case LARGE_FORWARD_OPEN: return management(code, "large_forward_open");
                case GET_CONNECTION_DATA: return diagnostic(code, "get_connection_data");
                case SEARCH_CONNECTION_DATA: return diagnostic(code, "search_connection_data");
                case GET_CONNECTION_OWNER: return diagnostic(code, "get_connection_owner");
                default: break;
            }
        } else if (classId == PCCC_CLASS && code == EXECUTE_PCCC) {
            return other(code, "execute_pccc");
        } else if (symbolic || classId == SYMBOL_CLASS) {
            switch (code) {
                case READ_TAG: return read(code, "read_tag");
                case WRITE_TAG: return write(code, "write_tag");
                case READ_MODIFY_WRITE_TAG: return write(code, "read_modify_write_tag");
                case READ_TAG_FRAGMENTED: return read(code, "read_tag_fragmented");
                case WRITE_TAG_FRAGMENTED: return write(code, "write_tag_fragmented");
                case GET_INSTANCE_ATTRIBUTE_LIST: return read(code, "get_instance_attribute_list");
                default: break;
            }
        } else if (classId == TEMPLATE_CLASS && code == READ_TAG) {
            return read(code, "read_template");
        } else if (classId == CONTROLLER_CLASS) {
            return new Service(code, "controller_service_0x" + hex2(code),
                    OperationClass.CONTROL, FunctionEffect.START_OR_STOP);
        }
        return other(code, "object_service_0x" + hex2(code));
    }

    /**
     * A code of 0..255 as two lower-case hex digits, as {@code %02x} would give it. {@link #TABLE}
     * names its 1,024 services when the class loads, at the start of every otb run: String.format
     * took 17 ms of that in the interpreter.
     */
    static String hex2(int code) {
        return HexFormat.of().toHexDigits((byte) code);
    }

    /** Every service name this class gives, for the descriptor. */
    static List<Service> all() {
        List<Service> all = new ArrayList<>();
        for (Service[] kind : TABLE) {
            all.addAll(List.of(kind));
        }
        return all;
    }

    private static Service read(int code, String name) {
        return new Service(code, name, OperationClass.READ, FunctionEffect.NONE);
    }

    private static Service write(int code, String name) {
        return new Service(code, name, OperationClass.WRITE, FunctionEffect.NONE);
    }

    private static Service management(int code, String name) {
        return new Service(code, name, OperationClass.MANAGEMENT, FunctionEffect.NONE);
    }

    private static Service diagnostic(int code, String name) {
        return new Service(code, name, OperationClass.DIAGNOSTIC, FunctionEffect.NONE);
    }

    private static Service other(int code, String name) {
        return new Service(code, name, OperationClass.OTHER, FunctionEffect.NONE);
    }

    /** Vol 1 appendix B-1: general status codes, snake_case; null for success. */
    static String statusName(int status) {
        return switch (status) {
            case 0x00 -> null;
            case 0x01 -> "connection_failure";
            case 0x02 -> "resource_unavailable";
            case 0x03 -> "invalid_parameter_value";
            case 0x04 -> "path_segment_error";
            case 0x05 -> "path_destination_unknown";
            case 0x06 -> "partial_transfer";
            case 0x07 -> "connection_lost";
            case 0x08 -> "service_not_supported";
            case 0x09 -> "invalid_attribute_value";
            case 0x0A -> "attribute_list_error";
            case 0x0B -> "already_in_requested_mode";
            case 0x0C -> "object_state_conflict";
            case 0x0D -> "object_already_exists";
            case 0x0E -> "attribute_not_settable";
            case 0x0F -> "privilege_violation";
            case 0x10 -> "device_state_conflict";
            case 0x11 -> "reply_data_too_large";
            case 0x12 -> "fragmentation_of_a_primitive_value";
            case 0x13 -> "not_enough_data";
            case 0x14 -> "attribute_not_supported";
            case 0x15 -> "too_much_data";
            case 0x16 -> "object_does_not_exist";
            case 0x17 -> "service_fragmentation_sequence_not_in_progress";
            case 0x18 -> "no_stored_attribute_data";
            case 0x19 -> "store_operation_failure";
            case 0x1A -> "routing_failure_request_too_large";
            case 0x1B -> "routing_failure_response_too_large";
            case 0x1C -> "missing_attribute_list_entry";
            case 0x1D -> "invalid_attribute_value_list";
            case 0x1E -> "embedded_service_error";
            case 0x1F -> "vendor_specific_error";
            case 0x20 -> "invalid_parameter";
            case 0x21 -> "write_once_value_already_written";
            case 0x22 -> "invalid_reply_received";
            case 0x23 -> "buffer_overflow";
            case 0x24 -> "message_format_error";
            case 0x25 -> "key_failure_in_path";
            case 0x26 -> "path_size_invalid";
            case 0x27 -> "unexpected_attribute_in_list";
            case 0x28 -> "invalid_member_id";
            case 0x29 -> "member_not_settable";
            case 0x2A -> "group_2_only_server_general_failure";
            case 0x2B -> "unknown_modbus_error";
            case 0x2C -> "attribute_not_gettable";
            default -> String.format(Locale.ROOT, "status_0x%02x", status);
        };
    }
}
