package otb.dissect.s7comm;

import otb.capture.Transport;
import otb.dissect.FunctionEffect;
import otb.dissect.OperationClass;
import otb.dissect.Protocol;

/** The S7comm and S7comm-plus descriptors (see {@link Protocol}): both ride ISO-on-TCP, port 102. */
public final class S7Protocols {
    private S7Protocols() {
    }

    /**
     * S7comm (protocol id 0x32). Block download and upload, PI services (program start/stop,
     * block insert/delete, compress), PLC stop, memory reset and the engineering commands this
     * dissector cannot name are what change what the CPU runs, or whether it runs.
     */
    public static final Protocol S7COMM = describeS7comm();

    /** S7comm-plus (protocol id 0x72), the S7-1200/1500 protocol: functions by opcode's function code. */
    public static final Protocol S7COMM_PLUS = describeS7commPlus();

    private static Protocol describeS7comm() {
        Protocol.Builder protocol = Protocol.builder("s7comm", "S7comm", "#d97706")
                .hintPort(Transport.TCP, S7Dissector.ISO_TSAP_PORT)
                .roles("s7_client", "s7_plc");
        for (int code = 0; code < 256; code++) {
            protocol.function(code, S7Names.function(code), S7Names.operation(code, ""), jobEffect(code));
        }
        for (int group = 0; group < 16; group++) {
            for (int subfunction = 0; subfunction < 256; subfunction++) {
                String name = S7Names.userdataFunction(group, subfunction);
                protocol.function(S7Names.USERDATA_FUNCTION_BASE + group * 0x100 + subfunction, name,
                        S7Names.userdataOperation(group, subfunction), userdataEffect(group, name));
            }
        }
        for (String link : new String[] {"cotp_connection_request", "cotp_connection_confirm",
                "cotp_disconnect_request", "cotp_disconnect_confirm", "cotp_error", "cotp_other"}) {
            protocol.function(-1, link, OperationClass.LINK);
        }
        // PDUs that carry no function of their own take their ROSCTR's name (or COTP data's).
        for (int rosctr = 0; rosctr < 256; rosctr++) {
            protocol.function(-1, S7Names.rosctr(rosctr), OperationClass.OTHER);
        }
        protocol.function(-1, "cotp_data", OperationClass.OTHER);
        return protocol.build();
    }

    /** Job functions (S7 header parameter byte 0). */
    private static FunctionEffect jobEffect(int code) {
        return switch (code) {
            case S7Names.FUNCTION_REQUEST_DOWNLOAD, S7Names.FUNCTION_DOWNLOAD_BLOCK, S7Names.FUNCTION_DOWNLOAD_ENDED ->
                    FunctionEffect.PROGRAM_DOWNLOAD;
            case S7Names.FUNCTION_START_UPLOAD, S7Names.FUNCTION_UPLOAD, S7Names.FUNCTION_END_UPLOAD ->
                    FunctionEffect.PROGRAM_UPLOAD;
            case S7Names.FUNCTION_PI_SERVICE -> FunctionEffect.START_OR_STOP;
            case S7Names.FUNCTION_PLC_STOP -> FunctionEffect.STOP;
            default -> FunctionEffect.NONE;
        };
    }

    /**
     * Userdata functions: memory reset clears the CPU; a programmer command or an NC programming
     * function this dissector has no name for is engineering work on the program, so it counts as
     * a program change until it is named.
     */
    private static FunctionEffect userdataEffect(int group, String name) {
        boolean unnamed = name.contains("_subfunction_0x");
        if (group == S7Names.GROUP_PROGRAMMER_COMMANDS) {
            return name.equals("memory_reset") ? FunctionEffect.MEMORY_RESET
                    : unnamed ? FunctionEffect.PROGRAM_CHANGE : FunctionEffect.NONE;
        }
        if (group == S7Names.GROUP_NC_PROGRAMMING) {
            return FunctionEffect.PROGRAM_CHANGE;
        }
        return FunctionEffect.NONE;
    }

    private static Protocol describeS7commPlus() {
        Protocol.Builder protocol = Protocol.builder("s7comm-plus", "S7comm-plus", "#7c3aed")
                .hintPort(Transport.TCP, S7Dissector.ISO_TSAP_PORT)
                .roles("s7_client", "s7_plc");
        for (int code = 0x04B1; code <= 0x059A; code++) {
            String name = S7PlusParser.function(code);
            if (!name.startsWith("function_0x")) {
                protocol.function(code, name, S7PlusParser.operation(code));
            }
        }
        protocol.function(-1, "keep_alive", OperationClass.LINK);
        protocol.function(-1, "notification", OperationClass.READ);
        protocol.function(-1, "unknown", OperationClass.OTHER);
        return protocol.build();
    }
}
