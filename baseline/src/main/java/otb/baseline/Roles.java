package otb.baseline;

import otb.dissect.Protocol;

/** Role names of assets, in each protocol's own vocabulary. */
final class Roles {
    private Roles() {
    }

    static String clientRole(Protocol protocol) {
        return switch (protocol) {
            case MODBUS -> "modbus_client";
            case DNP3 -> "dnp3_master";
            case S7COMM, S7COMM_PLUS -> "s7_client";
        };
    }

    static String serverRole(Protocol protocol) {
        return switch (protocol) {
            case MODBUS -> "modbus_server";
            case DNP3 -> "dnp3_outstation";
            case S7COMM, S7COMM_PLUS -> "s7_plc";
        };
    }
}
