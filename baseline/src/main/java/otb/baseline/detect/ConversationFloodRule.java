package otb.baseline.detect;

import java.util.Locale;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKey;
import otb.baseline.alert.AlertKind;
import otb.baseline.model.Formats;
import otb.capture.IpAddress;

/**
 * FLOOD of new conversations: more IP conversations not in the baseline within one second of
 * capture time than {@link DetectionConfig#floodNewConversations()}, from any sources (a SYN
 * flood of spoofed addresses, a worm). While the flood lasts (its rate exceeded in this second or
 * the one before), each further new conversation folds into the one FLOOD alert (within the
 * de-duplication window), and so do the new assets it brings, instead of each raising its own.
 * Conversations of a client already scanning fold into its SCAN alert, not here.
 */
final class ConversationFloodRule {
    private static final long SECOND = 1_000_000_000L;

    /** One flood of new conversations at a time, network-wide. */
    record FloodKey() implements AlertKey {
        @Override
        public String text() {
            return "flood|new-conversations";
        }
    }

    /** What the FLOOD alert folded, for its final detail. Bounded. */
    static final class Summary implements Folding {
        final long firstNanos;
        private long lastNanos;
        private long conversations;
        private long assets;
        private IpAddress lowestClient;
        private IpAddress highestClient;
        private IpAddress lowestServer;
        private IpAddress highestServer;
        private int lowestPort = Integer.MAX_VALUE;
        private int highestPort = Integer.MIN_VALUE;
        private long firstFrame;
        private long lastFrame;

        Summary(long firstNanos) {
            this.firstNanos = firstNanos;
            this.lastNanos = firstNanos;
        }

        void conversation(IpAddress client, IpAddress server, int port, long nanos, long frame) {
            conversations++;
            lastNanos = Math.max(lastNanos, nanos);
            lowestClient = lowestClient == null || client.compareTo(lowestClient) < 0 ? client : lowestClient;
            highestClient = highestClient == null || client.compareTo(highestClient) > 0 ? client : highestClient;
            lowestServer = lowestServer == null || server.compareTo(lowestServer) < 0 ? server : lowestServer;
            highestServer = highestServer == null || server.compareTo(highestServer) > 0 ? server : highestServer;
            lowestPort = Math.min(lowestPort, port);
            highestPort = Math.max(highestPort, port);
            frame(frame);
        }

        @Override
        public void foldAsset(long nanos, long frame) {
            assets++;
            lastNanos = Math.max(lastNanos, nanos);
            frame(frame);
        }

        @Override
        public void foldConversation(long nanos, long frame) {
            // counted by conversation(), which every folded new conversation passes first
        }

        private void frame(long frame) {
            if (frame > 0) {
                firstFrame = firstFrame == 0 ? frame : firstFrame;
                lastFrame = Math.max(lastFrame, frame);
            }
        }

        String detail() {
            long nanos = lastNanos - firstNanos;
            StringBuilder text = new StringBuilder();
            text.append(conversations).append(" new conversations in ").append(Formats.seconds(nanos));
            if (lowestClient != null) {
                text.append(": clients ").append(lowestClient).append("..").append(highestClient).append(", servers ")
                        .append(lowestServer).append("..").append(highestServer).append(", ports ").append(lowestPort)
                        .append("..").append(highestPort);
            }
            if (nanos > 0) {
                text.append(String.format(Locale.ROOT, "; %.1f per second", conversations * 1e9 / nanos));
            }
            if (firstFrame > 0) {
                text.append("; frames ").append(firstFrame).append("..").append(lastFrame);
            }
            if (assets > 0) {
                text.append("; folded in: ").append(assets).append(" new assets");
            }
            return text.toString();
        }
    }

    private final DetectionContext context;
    private final DetectionConfig config;
    private long second = Long.MIN_VALUE;
    private long thisSecond;
    /** The last second whose new conversations exceeded the rate. */
    private long floodSecond = Long.MIN_VALUE;
    private Summary summary;

    ConversationFloodRule(DetectionContext context) {
        this.context = context;
        this.config = context.config();
    }

    /** The flood in progress at capture time {@code nanos}, null when there is none. */
    Folding inProgress(long nanos) {
        boolean flooding = floodSecond != Long.MIN_VALUE && Math.floorDiv(nanos, SECOND) - floodSecond <= 1;
        return flooding ? summary : null;
    }

    /**
     * A new IP conversation, not part of a scan. Returns the flood it is part of (it is then
     * counted there, and its novelties should fold into it), or null.
     */
    Folding newConversation(IpAddress client, IpAddress server, int port, long nanos, long frame, String input,
                            String cell) {
        long now = Math.floorDiv(nanos, SECOND);
        if (now != second) {
            second = now;
            thisSecond = 0;
        }
        thisSecond++;
        if (thisSecond > config.floodNewConversations()) {
            floodSecond = now;
        }
        if (floodSecond == Long.MIN_VALUE || now - floodSecond > 1) {
            return null;
        }
        if (summary == null || nanos - summary.firstNanos > config.dedupWindowNanos()) {
            summary = new Summary(nanos);
        }
        Summary flood = summary;
        flood.conversation(client, server, port, nanos, frame);
        context.raise(Alert.builder(AlertKind.FLOOD, new FloodKey(), nanos)
                .severity(AlertKind.FLOOD.baseSeverity()).cell(cell)
                .endpoints(client.toString(), server.toString()).evidence(frame, input)
                .baseline("at most " + config.floodNewConversations() + " new conversations per second")
                .detail(flood.detail()), flood::detail);
        return flood;
    }
}
