package otb.baseline.detect;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import otb.baseline.AlertKey;
import otb.baseline.AlertKind;
import otb.baseline.ConversationKey;
import otb.baseline.DetectionConfig;
import otb.baseline.FunctionUse;
import otb.baseline.Severity;
import otb.dissect.OperationClass;
import otb.dissect.OtMessage;

/**
 * PROGRAM_OR_STOP: program transfer, CPU start/stop, restarts and firmware, always raised (only
 * the parts of one sequence fold); medium when learning saw the conversation do it before.
 */
public final class ProgramOrStopRule {
    /** Function-name words that mark program transfer, CPU start/stop and restarts. */
    private static final List<String> PROGRAM_OR_STOP_WORDS = List.of("stop", "start", "restart", "download",
            "upload", "firmware", "program", "reset", "reboot", "listen_only", "plc_control", "pi_service", "cold", "warm");

    /** Folds per conversation and function. */
    record ProgramKey(ConversationKey conversation, int code, String name) implements AlertKey {
        @Override
        public String text() {
            return "prog|" + conversation + "|" + code + "|" + name;
        }
    }

    private final DetectionContext context;
    private final DetectionConfig config;

    public ProgramOrStopRule(DetectionContext context) {
        this.context = context;
        this.config = context.config();
    }

    /** Program transfer, CPU start/stop, restarts and firmware, by operation class and function name. */
    public boolean isProgramOrStop(OtMessage message) {
        if (message.operation() == OperationClass.PROGRAM) {
            return true;
        }
        if (message.operation() == OperationClass.LINK) {
            return false; // link-layer resets (DNP3 reset_link_states) restart no application
        }
        Boolean known = programOrStopNames.get(message.functionName());
        if (known == null) {
            known = programOrStopName(message.functionName());
            if (programOrStopNames.size() < config.maxNoticed()) {
                programOrStopNames.put(message.functionName(), known);
            }
        }
        return known;
    }

    /** Function names already judged by {@link #programOrStopName}. */
    private final Map<String, Boolean> programOrStopNames = new HashMap<>();

    static boolean programOrStopName(String functionName) {
        String name = functionName.toLowerCase(Locale.ROOT);
        for (String word : PROGRAM_OR_STOP_WORDS) {
            if (name.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** Raises a program/stop request; {@code function} is its learned use, null when never learned. */
    public void programOrStop(OtMessage message, ConversationState conversation, FunctionUse function) {
        boolean learnedBefore = function != null && function.requests() > 0;
        Severity severity = learnedBefore ? Severity.MEDIUM : AlertKind.PROGRAM_OR_STOP.baseSeverity();
        int code = message.function().isPresent() ? message.function().getAsInt() : -1;
        context.raise(context.conversationAlert(AlertKind.PROGRAM_OR_STOP,
                        new ProgramKey(conversation.key, code, message.functionName()), message.timestampNanos(),
                        conversation)
                .severity(severity.shift(context.criticalityShift(conversation)))
                .function(code, message.functionName()).evidence(message.frame(), message.source())
                .baseline(learnedBefore ? "learned: " + function.requests() + " " + message.functionName()
                        + " requests in this conversation" : "never seen in this conversation")
                .detail(message.operation().wireName() + " " + message.functionName())
                .fold(AlertFacts.functionFold(conversation, message)));
    }
}
