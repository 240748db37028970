package otb.baseline.detect;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Severity;
import otb.baseline.cells.Cells;
import otb.baseline.model.Asset;
import otb.baseline.model.Baseline;
import otb.baseline.model.ConversationKey;
import otb.baseline.model.IpConversationKey;
import otb.baseline.model.Services;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.FlowEnded;
import otb.dissect.MessageRole;
import otb.dissect.OtMessage;
import otb.dissect.Protocols;

/**
 * Who talks to whom, against the baseline and the cells' conduits: NEW_ASSET for an address the
 * baseline does not know; NEW_CONVERSATION, or CROSS_CELL_CONVERSATION when no conduit allows it,
 * for an IP conversation or an industrial conversation (protocol and unit) it does not know;
 * remote-access services raise one step higher. Each is raised once per run.
 */
final class ConversationRule {
    /** A novel asset, noticed and raised once. */
    record NewAsset(IpAddress address) implements AlertKey {
        @Override
        public String text() {
            return "asset|" + address;
        }
    }

    /** A novel IP conversation, noticed once. */
    record NewIpConversation(IpConversationKey key) {
    }

    /** A novel industrial conversation, noticed once. */
    record NewConversation(ConversationKey key) {
    }

    /** New conversations are raised once per client, server and transport port, whatever the unit. */
    record ConversationAlertKey(IpAddress client, IpAddress server, Transport transport, int port) implements AlertKey {
        @Override
        public String text() {
            return "conv|" + client + "|" + server + "|" + transport.wireName() + "/" + port;
        }
    }

    /** What a scan of services reaches: a server port. */
    private record ServiceTarget(IpAddress server, int port) {
    }

    /** What a scan of units reaches: a server's unit. */
    private record UnitTarget(IpAddress server, int unit) {
    }

    /** An unknown conversation on an industrial port, judged when its messages come or at flow end. */
    private record Pending(FlowState state, long frame, long nanos, String input) {
    }

    private final DetectionContext context;
    private final Cells cells;
    private final Baseline baseline;
    private final ScanRule scans;
    private final ConversationFloodRule floods;
    private final Map<Flow, Pending> pending = new IdentityHashMap<>();

    ConversationRule(DetectionContext context, ScanRule scans) {
        this.context = context;
        this.cells = context.cells();
        this.baseline = context.baseline();
        this.scans = scans;
        this.floods = new ConversationFloodRule(context);
    }

    /**
     * A flow's first event: its ends and its IP conversation. A new IP conversation counts towards
     * a scan of hosts and ports first, so that once its client is scanning, the new server and
     * conversation fold into the scan alert instead of raising their own.
     */
    void flowOpened(Flow flow, FlowState state, long nanos, long frame, String input) {
        IpConversationKey key = new IpConversationKey(flow.client(), flow.server(), flow.transport(), flow.serverPort());
        boolean novel = baseline.ipConversation(key) == null && Flow.isDevice(flow.server(), flow.serverMac())
                && context.notice(new NewIpConversation(key));
        if (novel) {
            scans.count(flow.client(), ScanRule.Category.SERVICES, new ServiceTarget(key.server(), key.serverPort()),
                    key.serverPort(), nanos, frame, input, state.serverCell, flow.server());
        }
        ScanSummary scan = scans.scanInProgress(flow.client(), ScanRule.Category.SERVICES, nanos);
        Folding flood = scan != null ? null : novel ? floods.newConversation(flow.client(), flow.server(),
                flow.serverPort(), nanos, frame, input, state.serverCell) : floods.inProgress(nanos);
        Folding folding = scan != null ? scan : flood;
        // a scanner is raised as a new asset itself; the (spoofed) sources of a flood fold in
        checkAsset(flow.client(), state.clientCell, flow.clientMac(), nanos, frame, input, flood);
        checkAsset(flow.server(), state.serverCell, flow.serverMac(), nanos, frame, input, folding);
        if (!novel) {
            return;
        }
        if (folding != null && !context.isOpen(conversationAlertKey(flow))) {
            folding.foldConversation(nanos, frame);
        } else if (Protocols.hintedBy(flow.transport(), flow.serverPort()).isPresent()) {
            // wait: its messages will name the protocol (and unit); judged at flow end if none come
            if (frame != 0) {
                pending.put(flow, new Pending(state, frame, nanos, input));
            }
        } else {
            newIpConversation(flow, state, nanos, frame, input);
        }
    }

    /** A message came on the flow: it names its conversation, no IP conversation is left to judge. */
    void messageSeen(Flow flow) {
        if (!pending.isEmpty()) {
            pending.remove(flow);
        }
    }

    /** A flow ended; {@code state} is its state, null when it had none. */
    void flowEnded(FlowEnded ended, FlowState state) {
        Pending waiting = pending.remove(ended.flow());
        if (state != null && waiting != null) {
            newIpConversation(ended.flow(), waiting.state, waiting.nanos, waiting.frame, waiting.input);
        }
    }

    /** Detection started following an industrial conversation, with the message that opened it. */
    void conversationOpened(ConversationState conversation, FlowState flowState, OtMessage message) {
        if (conversation.learned != null || !context.notice(new NewConversation(conversation.key))) {
            return;
        }
        Flow flow = message.flow();
        scans.count(flow.client(), ScanRule.Category.UNITS, new UnitTarget(flow.server(), message.unit()),
                message.unit(), message.timestampNanos(), message.frame(), message.source(), flowState.serverCell,
                flow.server());
        Folding scan = scans.scanInProgress(flow.client(), ScanRule.Category.UNITS, message.timestampNanos());
        if (scan == null) {
            scan = floods.inProgress(message.timestampNanos());
        }
        if (scan != null && !context.isOpen(conversationAlertKey(flow))) {
            scan.foldConversation(message.timestampNanos(), message.frame());
            return;
        }
        String protocol = message.protocol().wireName();
        newConversation(flow, flowState, protocol, message.unit(), message.timestampNanos(), message.frame(),
                message.source(), "no " + protocol + " conversation " + flow.client() + " -> " + flow.server()
                        + " unit " + message.unit() + " in the baseline",
                message.role() == MessageRole.REQUEST ? message : null);
    }

    private static ConversationAlertKey conversationAlertKey(Flow flow) {
        return new ConversationAlertKey(flow.client(), flow.server(), flow.transport(), flow.serverPort());
    }

    private void newIpConversation(Flow flow, FlowState state, long nanos, long frame, String input) {
        String service = Services.guess(flow.transport(), flow.serverPort());
        newConversation(flow, state, service, -1, nanos, frame, input, "no " + service + " conversation "
                + flow.client() + " -> " + flow.server() + " " + flow.transport().wireName() + "/" + flow.serverPort()
                + " in the baseline", null);
    }

    /** @param scan the scan or flood reaching the address, which a new asset then folds into; null when none */
    private void checkAsset(IpAddress address, String cell, long mac, long nanos, long frame, String input,
                            Folding scan) {
        if (!Flow.isDevice(address, mac) || baseline.asset(address) != null
                || !context.notice(new NewAsset(address))) {
            return;
        }
        if (scan != null) {
            scan.foldAsset(nanos, frame);
            return;
        }
        Map<String, String> fold = new LinkedHashMap<>();
        fold.put("type", "asset");
        fold.put("address", address.toString());
        fold.put("cell", cell);
        fold.put("mac", Long.toString(mac));
        fold.put("nanos", Long.toString(nanos));
        context.raise(Alert.builder(AlertKind.NEW_ASSET, new NewAsset(address), nanos)
                .severity(AlertKind.NEW_ASSET.baseSeverity().shift(cells.criticality(address, cell).severityShift()))
                .cell(cell).endpoints(address.toString(), "").evidence(frame, input)
                .baseline("no asset " + address + " in cell " + cell)
                .detail("new address " + address + (mac != 0 ? " (MAC " + Asset.macText(mac) + ")" : ""))
                .fold(fold));
    }

    /**
     * @param unit    the industrial unit, -1 for an IP conversation
     * @param request the request that opened an industrial conversation, folded with it on approval; or null
     */
    private void newConversation(Flow flow, FlowState state, String service, int unit, long nanos, long frame,
                                 String input, String fact, OtMessage request) {
        String transportPort = flow.transport().wireName() + "/" + flow.serverPort();
        boolean crossCell = !cells.allowed(state.clientCell, state.serverCell, service, transportPort);
        AlertKind kind = crossCell ? AlertKind.CROSS_CELL_CONVERSATION : AlertKind.NEW_CONVERSATION;
        int shift = cells.criticality(flow.server(), state.serverCell).severityShift()
                + (Services.isRemoteAccess(service) ? 1 : 0);
        // DNS, NTP, SNMP, syslog, DHCP between automatic cells (one per /24, no cells file drew them): low
        boolean infrastructure = crossCell && Services.isInfrastructure(service)
                && !cells.isDeclared(state.clientCell) && !cells.isDeclared(state.serverCell);
        Severity severity = (infrastructure ? Severity.LOW : kind.baseSeverity()).shift(shift);
        Map<String, String> fold = new LinkedHashMap<>();
        fold.put("type", unit < 0 ? "ip_conversation" : "conversation");
        fold.put("client", flow.client().toString());
        fold.put("server", flow.server().toString());
        fold.put("transport", flow.transport().name());
        fold.put("port", Integer.toString(flow.serverPort()));
        fold.put("service", service);
        fold.put("unit", Integer.toString(unit));
        fold.put("client_cell", state.clientCell);
        fold.put("server_cell", state.serverCell);
        fold.put("nanos", Long.toString(nanos));
        if (request != null) {
            AlertFacts.putFunction(fold, request);
        }
        String what = service + (unit >= 0 ? " unit " + unit : "") + " " + flow.client() + " -> " + flow.server()
                + " " + transportPort;
        context.raise(Alert.builder(kind, conversationAlertKey(flow), nanos)
                .severity(severity).cell(state.serverCell)
                .endpoints(flow.client().toString(), flow.server().toString()).protocol(service)
                .evidence(frame, input)
                .baseline(crossCell ? fact + "; no conduit allows " + state.clientCell + " -> " + state.serverCell
                        + " " + service : fact)
                .detail((crossCell ? "cross-cell " : "new ") + what
                        + (Services.isRemoteAccess(service) ? " (remote access)" : "")
                        + (infrastructure ? " (infrastructure service between automatic cells)" : ""))
                .context(request == null ? null : context.pointContexts().contextOfMessage(request))
                .fold(fold));
    }
}
