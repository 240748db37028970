package otb.baseline.detect;

import java.util.List;
import java.util.function.Consumer;
import otb.baseline.alert.AlertSink;
import otb.baseline.cells.Cells;
import otb.baseline.model.Baseline;
import otb.baseline.model.Commands;
import otb.baseline.model.Conversation;
import otb.baseline.model.FunctionUse;
import otb.capture.Flow;
import otb.dissect.FlowEnded;
import otb.dissect.FlowStarted;
import otb.dissect.Malformed;
import otb.dissect.MessageRole;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;

/**
 * Compares dissection events, in capture order, with a baseline and raises de-duplicated alerts
 * to sinks. Reads the baseline, never changes it. All timing is capture time. Memory grows with
 * the baseline (runtime state per learned point and signature), the open flows and bounded sets
 * of novelties, never with the input's length.
 *
 * <p>Each alert family is a rule of this package owning its state; this class routes every
 * event to the rules concerned, in a fixed order (the order alerts are raised in). Call
 * {@link #accept} for every event, then {@link #finish} at the end of input.
 */
public final class Detector implements Consumer<OtEvent> {
    private static final long SECOND = 1_000_000_000L;

    private final DetectionContext context;
    private final ConversationRule conversations;
    private final FunctionRule functions;
    private final ProgramOrStopRule programOrStop;
    private final WriteRule writes;
    private final ReplayedCommandRule replayedCommands;
    private final SequenceRule sequences;
    private final ValueRule values;
    private final TimingRule timing;
    private final ResponseRule responses;
    private final FloodRule flood;
    private final MalformedRule malformed;
    private final CaptureRule capture;
    private long nextTickNanos = Long.MIN_VALUE;

    public Detector(Cells cells, Baseline baseline, DetectionConfig config, List<? extends AlertSink> sinks) {
        this.context = new DetectionContext(cells, baseline, config, sinks);
        ScanRule scans = new ScanRule(context);
        this.conversations = new ConversationRule(context, scans);
        this.functions = new FunctionRule(context, scans);
        this.programOrStop = new ProgramOrStopRule(context);
        this.writes = new WriteRule(context, scans);
        this.replayedCommands = new ReplayedCommandRule(context);
        this.sequences = new SequenceRule(context);
        this.values = new ValueRule(context);
        this.timing = new TimingRule(context);
        this.responses = new ResponseRule(context);
        this.flood = new FloodRule(context);
        this.malformed = new MalformedRule(context);
        this.capture = new CaptureRule(context);
    }

    @Override
    public void accept(OtEvent event) {
        long nanos = event.timestampNanos();
        context.advanceClock(nanos);
        if (event instanceof OtMessage message) {
            message(message);
        } else if (event instanceof FlowStarted started) {
            flowState(started.flow(), nanos, started.frame(), started.source());
        } else if (event instanceof FlowEnded ended) {
            conversations.flowEnded(ended, context.closeFlow(ended.flow()));
            sequences.flowEnded(ended.flow());
        } else if (event instanceof Malformed frame) {
            malformed.malformed(frame, flowState(frame.flow(), nanos, frame.frame(), frame.source()));
            sequences.malformed(frame);
        }
        if (context.clock() >= nextTickNanos) {
            tick();
        }
    }

    /** End of input: closes every open alert and flushes the sinks. */
    public void finish() throws AlertSink.AlertSinkException {
        context.finish();
    }

    /** Alerts opened so far (before de-duplication counts). */
    public long alertsRaised() {
        return context.alertsRaised();
    }

    /** Live capture lost packets; raises CAPTURE_LOSS (de-duplicated per input). */
    public void reportCaptureLoss(long nanos, String input, long packetsLost) {
        context.advanceClock(nanos);
        capture.captureLoss(nanos, input, packetsLost);
    }

    /** A live interface delivered nothing for {@code silentNanos}; raises NO_TRAFFIC. */
    public void reportNoTraffic(long nanos, String input, long silentNanos) {
        context.advanceClock(nanos);
        capture.noTraffic(nanos, input, silentNanos);
    }

    private void tick() {
        long clock = context.clock();
        nextTickNanos = (Math.floorDiv(clock, SECOND) + 1) * SECOND;
        timing.tick(clock);
        context.expireAlerts();
    }

    /** The state of a flow, opened (and its ends and IP conversation judged) on its first event. */
    private FlowState flowState(Flow flow, long nanos, long frame, String input) {
        FlowState state = context.flow(flow);
        if (state == null) {
            state = context.openFlow(flow);
            replayedCommands.flowOpened(flow, state, nanos);
            conversations.flowOpened(flow, state, nanos, frame, input);
        }
        return state;
    }

    private void message(OtMessage message) {
        Flow flow = message.flow();
        FlowState flowState = flowState(flow, message.timestampNanos(), message.frame(), message.source());
        conversations.messageSeen(flow);
        ConversationState conversation = context.conversation(flowState, message);
        if (conversation == null) {
            conversation = context.openConversation(flowState, message);
            conversations.conversationOpened(conversation, flowState, message);
        }
        Conversation learned = conversation.learned();
        int code = message.function().isPresent() ? message.function().getAsInt() : -1;
        FunctionUse function = learned == null ? null : learned.function(code, message.functionName());
        SequenceRule.Verdict sequence = sequences.message(message, conversation);
        if (message.role() == MessageRole.REQUEST) {
            request(message, flowState, conversation, learned, function, code, sequence);
        } else {
            responses.response(message, conversation);
            if (learned != null) {
                values.response(message, conversation);
            }
        }
    }

    private void request(OtMessage message, FlowState flowState, ConversationState conversation, Conversation learned,
                         FunctionUse function, int code, SequenceRule.Verdict sequence) {
        flood.request(message, conversation);
        responses.request(message, conversation);
        boolean change = Commands.isChange(message.operation());
        if (ProgramOrStopRule.isProgramOrStop(message)) {
            programOrStop.programOrStop(message, conversation, function);
        } else if (learned != null && function == null) {
            functions.newFunction(message, conversation, code, change);
        }
        if (learned != null && function != null) {
            writes.checkRanges(message, conversation, function, change);
            timing.request(message, conversation, function);
        }
        if (change) {
            replayedCommands.check(message, flowState, conversation, function, sequence);
            if (learned != null && function != null) {
                writes.checkWrittenValues(message, conversation);
            }
        }
    }
}
