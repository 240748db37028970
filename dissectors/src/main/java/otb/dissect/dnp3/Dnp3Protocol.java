package otb.dissect.dnp3;

import otb.capture.Transport;
import otb.dissect.FunctionEffect;
import otb.dissect.OperationClass;
import otb.dissect.Protocol;

/** The DNP3 descriptor (see {@link Protocol}). */
public final class Dnp3Protocol {
    private Dnp3Protocol() {
    }

    /**
     * DNP3 over TCP and UDP port 20000 (IEEE 1815-2012). Application functions are those of
     * clause 4 ({@link FunctionCode}); restarts and application start/stop (functions 13, 14, 17,
     * 18) are what an attacker uses to take an outstation out of service. Link-level frames carry
     * their link function's name and no application effect (a link reset restarts no application).
     */
    public static final Protocol DESCRIPTOR = describe();

    private static Protocol describe() {
        Protocol.Builder protocol = Protocol.builder("dnp3", "DNP3", "#059669")
                .hintPort(Transport.TCP, Dnp3Dissector.PORT)
                .hintPort(Transport.UDP, Dnp3Dissector.PORT)
                .roles("dnp3_master", "dnp3_outstation");
        for (FunctionCode function : FunctionCode.values()) {
            protocol.function(function.code, function.wireName, function.operation, effect(function));
        }
        for (int code = 0; code < 16; code++) {
            protocol.function(-1, LinkFrame.primaryName(code), OperationClass.LINK);
            protocol.function(-1, LinkFrame.secondaryName(code), OperationClass.LINK);
        }
        return protocol.build();
    }

    private static FunctionEffect effect(FunctionCode function) {
        return switch (function) {
            case COLD_RESTART, WARM_RESTART -> FunctionEffect.RESTART;
            case START_APPLICATION -> FunctionEffect.START;
            case STOP_APPLICATION -> FunctionEffect.STOP;
            default -> FunctionEffect.NONE;
        };
    }
}
