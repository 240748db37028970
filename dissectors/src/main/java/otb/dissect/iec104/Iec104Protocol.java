package otb.dissect.iec104;

import otb.capture.Transport;
import otb.dissect.FunctionEffect;
import otb.dissect.OperationClass;
import otb.dissect.Protocol;

/** The IEC 60870-5-104 descriptor (see {@link Protocol}). */
public final class Iec104Protocol {
    private Iec104Protocol() {
    }

    /** IANA-registered port of IEC 60870-5-104 (clause 10.1 of the standard: port 2404). */
    public static final int PORT = 2404;

    /**
     * IEC 60870-5-104 over TCP 2404. I-format APDUs carry the ASDU's type identification as
     * their function ({@link TypeId}, named by the standard's mnemonic in lower case); S and U
     * frames are link-level, named {@code supervisory} and by their U function. Reset process
     * (C_RP_NA_1, 101 clause 7.3.4.6) restarts the controlled station's process: effect RESTART.
     */
    public static final Protocol DESCRIPTOR = describe();

    private static Protocol describe() {
        Protocol.Builder protocol = Protocol.builder("iec104", "IEC 60870-5-104", "#b45309")
                .hintPort(Transport.TCP, PORT)
                .roles("iec104_controlling_station", "iec104_controlled_station");
        for (int code = 0; code <= TypeId.MAX_CODE; code++) {
            TypeId type = TypeId.of(code);
            if (type == null) {
                protocol.function(code, unknownTypeName(code), OperationClass.OTHER);
            } else {
                protocol.function(code, type.wireName, type.operation(),
                        type == TypeId.C_RP_NA_1 ? FunctionEffect.RESTART : FunctionEffect.NONE);
            }
        }
        for (Apci.UFunction function : Apci.UFunction.values()) {
            protocol.function(-1, function.wireName, OperationClass.LINK);
        }
        protocol.function(-1, Apci.UFunction.UNKNOWN_NAME, OperationClass.LINK);
        protocol.function(-1, Iec104Session.SUPERVISORY_NAME, OperationClass.LINK);
        return protocol.build();
    }

    /** The name of a type identification the standard does not assign (or otb does not know). */
    static String unknownTypeName(int code) {
        return "type_" + code;
    }
}
