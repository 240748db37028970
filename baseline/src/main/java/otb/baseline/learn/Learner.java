package otb.baseline.learn;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Severity;
import otb.baseline.cells.Cells;
import otb.baseline.model.Asset;
import otb.baseline.model.Baseline;
import otb.baseline.model.CellProgress;
import otb.baseline.model.Commands;
import otb.baseline.model.Conversation;
import otb.baseline.model.ConversationKey;
import otb.baseline.model.FunctionUse;
import otb.baseline.model.IpConversation;
import otb.baseline.model.IpConversationKey;
import otb.baseline.model.LearningBudget;
import otb.baseline.model.RequestSignature;
import otb.baseline.model.SequenceDiscipline;
import otb.baseline.model.SequenceFollower;
import otb.baseline.model.SequenceKey;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.FlowTotals;
import otb.capture.IpAddress;
import otb.dissect.FlowEnded;
import otb.dissect.FlowStarted;
import otb.dissect.FunctionEffect;
import otb.dissect.OperationClass;
import otb.dissect.PointValue;
import otb.baseline.model.PointKey;
import otb.baseline.model.ValueSummary;
import otb.dissect.Malformed;
import otb.dissect.MessageRole;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.PointRange;
import otb.dissect.Protocol;
import otb.dissect.SequenceNumber;

/**
 * Learns a {@link Baseline} from dissection events, in capture order. Feed it every event
 * ({@link #accept}); the baseline it extends is usable (and storable) at any moment. Memory
 * grows with the baseline and with the number of open flows, never with the input's length.
 */
public final class Learner implements Consumer<OtEvent> {
    /**
     * What a learner learns of each event: everything, or one of two parts that together give
     * what one learner would (a sharded learning, see the runtime's README, "Threads").
     */
    public enum Part {
        /** Everything: one learner. */
        ALL,
        /**
         * Assets only (their addresses, MACs, roles, identity, first and last seen), and cells seen:
         * one learner sees every event in order, as assets are shared by the servers of every shard.
         */
        ASSETS,
        /**
         * Everything but assets: conversations, functions, points, sequence counters, cell
         * progress and messages; each shard sees the events of its servers' flows.
         */
        OBJECTS
    }

    private final Cells cells;
    private final Baseline baseline;
    private final boolean learnsAssets;
    private final boolean learnsObjects;
    private final Map<Flow, FlowContext> flows = new IdentityHashMap<>();
    private final AbsorbedOperations absorbed;
    private long lastTimestampNanos;
    /** Capture time of the first event learned: reconnect intervals count from starts after it. */
    private long firstTimestampNanos = Long.MIN_VALUE;
    private long events;
    /** The number of the event being learned in the whole input's order (orders absorbed operations across shards). */
    private long sequence;

    public Learner(Cells cells, Baseline baseline) {
        this(cells, baseline, Part.ALL);
    }

    /** A learner of one {@link Part} of each event into {@code baseline}. */
    public Learner(Cells cells, Baseline baseline, Part part) {
        this.cells = cells;
        this.baseline = baseline;
        this.learnsAssets = part != Part.OBJECTS;
        this.learnsObjects = part != Part.ASSETS;
        this.absorbed = new AbsorbedOperations();
    }

    /**
     * The learner that the parts of a sharded learning make together: {@code merged} is their
     * baselines merged, {@code assets} the learner of {@link Part#ASSETS} (which saw every event)
     * and {@code shards} the learners of {@link Part#OBJECTS}. Its events, last time and absorbed
     * operations are those one learner of the whole input would have.
     */
    public static Learner merged(Cells cells, Baseline merged, Learner assets, List<Learner> shards) {
        List<AbsorbedOperations> parts = new ArrayList<>();
        for (Learner shard : shards) {
            parts.add(shard.absorbed);
        }
        Learner learner = new Learner(cells, merged, Part.ALL, AbsorbedOperations.merge(parts));
        learner.events = assets.events;
        learner.lastTimestampNanos = assets.lastTimestampNanos;
        learner.sequence = assets.sequence;
        return learner;
    }

    private Learner(Cells cells, Baseline baseline, Part part, AbsorbedOperations absorbed) {
        this.cells = cells;
        this.baseline = baseline;
        this.learnsAssets = part != Part.OBJECTS;
        this.learnsObjects = part != Part.ASSETS;
        this.absorbed = absorbed;
    }

    public Baseline baseline() {
        return baseline;
    }

    /**
     * Control, program, stop/start and write-to-new-point operations this learner absorbed, for
     * an operator's review before the baseline is trusted.
     */
    public AbsorbedOperations absorbed() {
        return absorbed;
    }

    /** Dissection events accepted (messages, flows, malformed data): 0 when the input held nothing to learn. */
    public long events() {
        return events;
    }

    /** Capture time of the latest event learned. */
    public long lastTimestampNanos() {
        return lastTimestampNanos;
    }

    @Override
    public void accept(OtEvent event) {
        accept(event, events + 1);
    }

    /**
     * Learns one event, number {@code sequence} of the whole input (increasing; a shard sees some
     * of the numbers): absorbed operations keep it to be listed in the whole input's order.
     */
    public void accept(OtEvent event, long sequence) {
        this.sequence = sequence;
        if (events++ == 0) {
            firstTimestampNanos = event.timestampNanos();
        }
        lastTimestampNanos = Math.max(lastTimestampNanos, event.timestampNanos());
        if (event instanceof OtMessage message) {
            message(message);
        } else if (event instanceof FlowStarted started) {
            context(started.flow(), started.timestampNanos());
        } else if (event instanceof FlowEnded ended) {
            ended(ended);
        } else if (event instanceof Malformed malformed) {
            FlowContext context = context(malformed.flow(), malformed.timestampNanos());
            if (context.conversation != null) {
                context.conversation.countMalformed();
            }
            if (context.sequences != null) {
                context.sequences.malformed(malformed.direction() == Direction.TO_SERVER);
            }
        }
    }

    /**
     * A flow ended: its conversation counts the frames and bytes it carried and its last frame,
     * and its devices were seen then, whether or not otb dissects its protocol.
     */
    private void ended(FlowEnded ended) {
        FlowContext context = flows.remove(ended.flow());
        if (context == null) {
            return;
        }
        FlowTotals totals = ended.totals();
        long last = totals.lastSeenNanos();
        touch(context, last);
        if (context.ipConversation != null) {
            context.ipConversation.countTraffic(totals.framesToServer(), totals.framesToClient(), totals.bytesToServer(),
                    totals.bytesToClient(), last);
        }
    }

    /** Per-flow state: cells, assets and the conversation last used. */
    private static final class FlowContext {
        String clientCell;
        String serverCell;
        Asset client;
        Asset server;
        IpConversation ipConversation;
        Conversation conversation;
        boolean rolesSet;
        long connection;
        CellProgress serverProgress;
        /** The flow's sequence counters, made on the first message that carries one. */
        SequenceFollower sequences;
    }

    private FlowContext context(Flow flow, long nanos) {
        FlowContext context = flows.get(flow);
        if (context != null) {
            return context;
        }
        context = new FlowContext();
        context.clientCell = cellOf(flow.client(), flow.vlan(), nanos);
        context.serverCell = cellOf(flow.server(), flow.vlan(), nanos);
        context.connection = Commands.connectionIdentity(flow);
        baseline.cell(context.clientCell).seen(nanos);
        context.serverProgress = baseline.cell(context.serverCell);
        context.serverProgress.seen(nanos);
        if (learnsAssets) {
            assets(context, flow, nanos);
        }
        touch(context, nanos);
        if (learnsObjects) {
            IpConversationKey key = new IpConversationKey(flow.client(), flow.server(), flow.transport(),
                    flow.serverPort());
            IpConversation conversation = baseline.ipConversation(key, context.clientCell, context.serverCell, nanos);
            if (conversation != null) {
                conversation.countFlow(nanos);
                conversation.connectionStarted(nanos, firstTimestampNanos);
            }
            context.ipConversation = conversation;
        }
        flows.put(flow, context);
        return context;
    }

    /** The flow's devices as assets, and their MACs. */
    private void assets(FlowContext context, Flow flow, long nanos) {
        if (Flow.isDevice(flow.client(), flow.clientMac())) {
            context.client = baseline.asset(flow.client(), context.clientCell, nanos);
            if (context.client != null && context.client.addMac(flow.clientMac())) {
                baseline.cell(context.clientCell).newObject(nanos);
            }
        }
        if (Flow.isDevice(flow.server(), flow.serverMac())) {
            context.server = baseline.asset(flow.server(), context.serverCell, nanos);
            if (context.server != null && context.server.addMac(flow.serverMac())) {
                baseline.cell(context.serverCell).newObject(nanos);
            }
        }
    }

    /** The cell of an address: its declared one, else its automatic one within the automatic-cell budget. */
    private String cellOf(IpAddress address, int vlan, long nanos) {
        String cell = cells.cellOf(address, vlan);
        return cells.isDeclared(cell) ? cell : baseline.automaticCell(cell, nanos);
    }

    /**
     * One BUDGET_EXCEEDED alert per {@link otb.baseline.model.BaselineLimits} budget this learning
     * reached: which, its size, when first, how many objects were not learned, and how learning
     * went on.
     *
     * @param input the input learned from, for the alerts
     */
    public List<Alert> budgetAlerts(String input) {
        List<Alert> alerts = new ArrayList<>();
        for (LearningBudget.Reached reached : baseline.budgetsReached()) {
            LearningBudget budget = reached.budget();
            String name = budget.name().toLowerCase(Locale.ROOT);
            alerts.add(Alert.builder(AlertKind.BUDGET_EXCEEDED, () -> "budget|learn|" + name, reached.firstNanos())
                    .severity(Severity.MEDIUM).evidence(0, input)
                    .baseline("at most " + reached.limit() + " " + budget.label() + " (BaselineLimits)")
                    .detail("learning reached the " + budget.label() + " budget of " + reached.limit() + ": "
                            + budget.degraded() + " (" + reached.dropped() + " times)")
                    .build());
        }
        return alerts;
    }

    private static void touch(FlowContext context, long nanos) {
        if (context.client != null) {
            context.client.seen(nanos);
        }
        if (context.server != null) {
            context.server.seen(nanos);
        }
    }

    private void message(OtMessage message) {
        long nanos = message.timestampNanos();
        Flow flow = message.flow();
        FlowContext context = context(flow, nanos);
        touch(context, nanos);
        CellProgress serverCell = context.serverProgress;
        if (learnsObjects) {
            baseline.countMessage();
            serverCell.countMessage(nanos);
        }
        Protocol protocol = message.protocol();
        if (!context.rolesSet) {
            context.rolesSet = true;
            if (context.ipConversation != null) {
                context.ipConversation.identifyService(protocol.wireName());
            }
            addRole(context.client, protocol.clientRole(), context.clientCell, nanos);
            addRole(context.server, protocol.serverRole(), context.serverCell, nanos);
        }
        Asset server = context.server;
        if (!message.identity().isEmpty()) {
            Asset revealing = message.role() == MessageRole.RESPONSE ? server : context.client;
            if (revealing != null && revealing.addIdentity(message.identity())) {
                baseline.cell(revealing.cell()).newObject(nanos);
            }
        }
        if (!learnsObjects) {
            return;
        }
        Conversation conversation = conversation(context, flow, protocol, message.unit(), nanos);
        if (conversation == null) {
            return;
        }
        conversation.seen(nanos);
        if (!message.sequences().isEmpty()) {
            sequences(message, context, protocol, nanos);
        }
        if (message.transactionId().isPresent()) {
            conversation.seenTransactionId(message.transactionId().getAsLong());
        }
        int code = message.function().isPresent() ? message.function().getAsInt() : -1;
        FunctionUse function = conversation.function(code, message.functionName());
        if (function == null) {
            function = conversation.addFunction(code, message.functionName(), message.operation());
            if (function != null) {
                serverCell.newObject(nanos);
            }
        }
        if (message.role() == MessageRole.REQUEST) {
            conversation.request(nanos);
            if (function != null) {
                request(message, conversation, function, context, serverCell);
            }
        } else {
            conversation.response(message.isException());
            if (function != null) {
                function.response(message.isException());
                if (message.latencyNanos().isPresent()) {
                    function.recordLatency(message.latencyNanos().getAsLong());
                }
            }
        }
        boolean written = message.role() == MessageRole.REQUEST && Commands.isChange(message.operation());
        if (written && message.operation() == OperationClass.WRITE) {
            absorbNewPointWrites(message, conversation);
        }
        baseline.addValues(conversation, message.pointValues(), nanos, written, serverCell, sequence);
    }

    private void request(OtMessage message, Conversation conversation, FunctionUse function, FlowContext context,
                         CellProgress serverCell) {
        long nanos = message.timestampNanos();
        function.request();
        absorbControl(message, conversation);
        List<PointRange> ranges = message.ranges();
        for (int i = 0; i < ranges.size(); i++) {
            PointRange range = ranges.get(i);
            if (function.addRange(range.space(), range.start(), range.count())) {
                serverCell.newObject(nanos);
                if (message.operation() == OperationClass.WRITE && message.values().isEmpty()) {
                    absorb(AbsorbedOperations.Kind.WRITE_NEW_POINT, message, conversation,
                            range.space() + ":" + range.start() + (range.count() > 1 ? "+" + range.count() : ""));
                }
            }
        }
        PointRange first = ranges.isEmpty() ? null : ranges.get(0);
        RequestSignature signature = first == null ? function.signature("", 0, 0, false)
                : function.signature(first.space(), first.start(), first.count(), false);
        if (signature == null) {
            signature = first == null ? function.signature("", 0, 0, true)
                    : function.signature(first.space(), first.start(), first.count(), true);
            if (signature != null) {
                serverCell.newObject(nanos);
            }
        }
        if (signature != null) {
            signature.request(nanos);
        }
        if (Commands.isChange(message.operation())) {
            function.rememberCommand(Commands.fingerprint(message), context.connection, nanos);
        }
    }

    /**
     * Learns how the message's sender keeps each sequence counter it carries: the offset from the
     * value expected after its previous message in the flow (not across a gap or a malformed
     * message), and the first value of a connection whose start was seen.
     */
    private void sequences(OtMessage message, FlowContext context, Protocol protocol, long nanos) {
        if (context.sequences == null) {
            context.sequences = new SequenceFollower();
        }
        Flow flow = message.flow();
        boolean toServer = message.direction() == Direction.TO_SERVER;
        List<SequenceNumber> numbers = message.sequences();
        for (int i = 0; i < numbers.size(); i++) {
            SequenceNumber number = numbers.get(i);
            SequenceFollower.Cursor cursor = context.sequences.cursor(number, toServer);
            if (cursor == null) {
                continue;
            }
            if (!cursor.resolved()) {
                cursor.resolve(baseline.sequence(
                        new SequenceKey(flow.client(), flow.server(), protocol, number.counter(), toServer),
                        number.bits(), nanos));
            }
            SequenceDiscipline discipline = cursor.discipline();
            if (SequenceFollower.acknowledged(number.counter()) != null) {
                // an acknowledgement (IEC 104 N(R)): learned is whether it stays within what the peer sent
                long acknowledgement = context.sequences.acknowledgement(cursor, number, toServer);
                if (discipline != null && acknowledgement != SequenceFollower.ACK_UNJUDGED) {
                    discipline.seen(number.value());
                    discipline.pair(acknowledgement);
                }
                cursor.advance(number);
                continue;
            }
            if (discipline != null) {
                discipline.seen(number.value());
                if (cursor.first()) {
                    if (flow.handshakeSeen()) {
                        discipline.start(number.value());
                    }
                } else if (cursor.continuous(number)) {
                    discipline.pair(cursor.offset(number));
                }
            }
            cursor.advance(number);
        }
    }

    /** Program, stop/start and control requests: absorbed for review. */
    private void absorbControl(OtMessage message, Conversation conversation) {
        FunctionEffect effect = message.protocol().effect(message.functionName());
        boolean program = message.operation() == OperationClass.PROGRAM || effect == FunctionEffect.PROGRAM_DOWNLOAD
                || effect == FunctionEffect.PROGRAM_UPLOAD || effect == FunctionEffect.PROGRAM_CHANGE;
        if (program) {
            absorb(AbsorbedOperations.Kind.PROGRAM, message, conversation, "");
        } else if (effect != FunctionEffect.NONE) {
            absorb(AbsorbedOperations.Kind.STOP_OR_START, message, conversation, "");
        } else if (message.operation() == OperationClass.CONTROL) {
            absorb(AbsorbedOperations.Kind.CONTROL, message, conversation, "");
        }
    }

    /** Write requests to points the baseline never saw written: absorbed for review. */
    private void absorbNewPointWrites(OtMessage message, Conversation conversation) {
        List<PointValue> values = message.values();
        ConversationKey key = conversation.key();
        for (int i = 0; i < values.size(); i++) {
            PointValue value = values.get(i);
            ValueSummary summary = baseline.point(new PointKey(key.server(), key.protocol(), key.unit(), value.space(),
                    value.address()));
            if (summary == null || summary.writes() == 0) {
                absorb(AbsorbedOperations.Kind.WRITE_NEW_POINT, message, conversation,
                        value.space() + ":" + value.address());
            }
        }
    }

    private void absorb(AbsorbedOperations.Kind kind, OtMessage message, Conversation conversation, String point) {
        ConversationKey key = conversation.key();
        absorbed.add(kind, key.client().toString(), key.server().toString(), key.protocol().wireName(), key.unit(),
                message.functionName(), point, message.timestampNanos(), message.frame(), message.source(), sequence);
    }

    private Conversation conversation(FlowContext context, Flow flow, Protocol protocol, int unit, long nanos) {
        Conversation cached = context.conversation;
        if (cached != null && cached.key().unit() == unit && cached.key().protocol() == protocol) {
            return cached;
        }
        ConversationKey key = new ConversationKey(flow.client(), flow.server(), protocol, unit);
        Conversation conversation = baseline.conversation(key, flow.transport(), flow.serverPort(), context.clientCell,
                context.serverCell, nanos);
        if (conversation == null) {
            return null;
        }
        context.conversation = conversation;
        return conversation;
    }

    private void addRole(Asset asset, String role, String cell, long nanos) {
        if (asset != null && asset.addRole(role)) {
            baseline.cell(cell).newObject(nanos);
        }
    }
}
