package otb.baseline.detect;

import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.dissect.Malformed;
import otb.dissect.Protocol;

/** MALFORMED: framing a dissector could not parse, per flow ends, protocol and reason. */
final class MalformedRule {
    /** Malformed frames fold per client, server, protocol and reason. */
    record MalformedKey(IpAddress client, IpAddress server, Protocol protocol, String reason) implements AlertKey {
        @Override
        public String text() {
            return "malformed|" + client + "|" + server + "|" + protocol.wireName() + "|" + reason;
        }
    }

    private final DetectionContext context;

    MalformedRule(DetectionContext context) {
        this.context = context;
    }

    /** A malformed frame on a flow whose state is {@code state}. */
    void malformed(Malformed malformed, FlowState state) {
        Flow flow = malformed.flow();
        context.raise(Alert.builder(AlertKind.MALFORMED,
                        new MalformedKey(flow.client(), flow.server(), malformed.protocol(), malformed.reason()),
                        malformed.timestampNanos())
                .severity(AlertKind.MALFORMED.baseSeverity()
                        .shift(context.cells().criticality(flow.server(), state.serverCell).severityShift()))
                .cell(state.serverCell).endpoints(flow.source(malformed.direction()).toString(),
                        flow.destination(malformed.direction()).toString())
                .protocol(malformed.protocol().wireName()).evidence(malformed.frame(), malformed.source())
                .baseline("well-formed " + malformed.protocol().wireName())
                .detail(malformed.reason() + ", " + malformed.skippedBytes() + " bytes skipped"));
    }
}
