package otb.dissect.pndcp;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** DCP block options and suboptions (IEC 61158-6-10, clause 4.3.1.4, table "Option and Suboption"). */
final class DcpOptions {
    static final int IP = 1;
    static final int DEVICE = 2;
    static final int DHCP = 3;
    static final int CONTROL = 5;
    static final int DEVICE_INITIATIVE = 6;
    static final int ALL = 0xFF;
    static final int CONTROL_RESPONSE = 4;

    private DcpOptions() {
    }

    static String name(int option, int suboption) {
        return switch (option) {
            case IP -> "ip/" + switch (suboption) {
                case 1 -> "mac_address";
                case 2 -> "ip_parameter";
                case 3 -> "full_ip_suite";
                default -> "suboption_" + suboption;
            };
            case DEVICE -> "device/" + switch (suboption) {
                case 1 -> "vendor";
                case 2 -> "name_of_station";
                case 3 -> "device_id";
                case 4 -> "device_role";
                case 5 -> "device_options";
                case 6 -> "alias_name";
                case 7 -> "device_instance";
                case 8 -> "oem_device_id";
                default -> "suboption_" + suboption;
            };
            case DHCP -> "dhcp/" + suboption;
            case CONTROL -> "control/" + switch (suboption) {
                case 1 -> "start";
                case 2 -> "stop";
                case 3 -> "signal";
                case 4 -> "response";
                case 5 -> "factory_reset";
                case 6 -> "reset_to_factory";
                default -> "suboption_" + suboption;
            };
            case DEVICE_INITIATIVE -> "device_initiative/" + suboption;
            case ALL -> "all/" + suboption;
            default -> "option_" + option + "/" + suboption;
        };
    }

    /** The values of one block's data (after BlockInfo or BlockQualifier) into {@code fields}. */
    static void decode(ByteBuffer in, int option, int suboption, int at, int end, Map<String, Object> fields,
                       List<String> anomalies) {
        int size = end - at;
        if (option == IP && (suboption == 2 || suboption == 3)) {
            // IPParameter: IPAddress, Subnetmask, StandardGateway (4 each).
            if (size < 12) {
                anomalies.add("short_ip_parameter");
                return;
            }
            fields.putIfAbsent("ip", ipv4(in, at));
            fields.putIfAbsent("netmask", ipv4(in, at + 4));
            fields.putIfAbsent("gateway", ipv4(in, at + 8));
        } else if (option == DEVICE && suboption == 1 && size > 0) {
            fields.putIfAbsent("device_vendor", DcpFrame.text(in, at, end));
        } else if (option == DEVICE && suboption == 2 && size > 0) {
            fields.putIfAbsent("name_of_station", DcpFrame.text(in, at, end));
        } else if (option == DEVICE && suboption == 3) {
            // DeviceID: VendorID (2), DeviceID (2).
            if (size < 4) {
                anomalies.add("short_device_id");
                return;
            }
            fields.putIfAbsent("vendor_id", in.getShort(at) & 0xFFFF);
            fields.putIfAbsent("device_id", in.getShort(at + 2) & 0xFFFF);
        } else if (option == DEVICE && suboption == 4 && size >= 1) {
            fields.putIfAbsent("device_role", in.get(at) & 0xFF);
        } else if (option == DEVICE && suboption == 6 && size > 0) {
            fields.putIfAbsent("alias_name", DcpFrame.text(in, at, end));
        } else if (option == CONTROL && suboption == CONTROL_RESPONSE && size >= 3) {
            // Response: the option/suboption answered (2) and BlockError (1).
            fields.putIfAbsent("response_to", name(in.get(at) & 0xFF, in.get(at + 1) & 0xFF));
            fields.putIfAbsent("block_error", in.get(at + 2) & 0xFF);
        }
    }

    private static String ipv4(ByteBuffer in, int at) {
        return (in.get(at) & 0xFF) + "." + (in.get(at + 1) & 0xFF) + "." + (in.get(at + 2) & 0xFF) + "."
                + (in.get(at + 3) & 0xFF);
    }
}
