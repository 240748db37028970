package otb.baseline.detect;

import java.util.Arrays;
import java.util.Locale;
import otb.baseline.model.Formats;
import otb.capture.IpAddress;

/**
 * What one SCAN alert folded, for its final detail: novel targets counted, the range of servers
 * and of what was probed on them (ports, units, function codes or first addresses), a few of the
 * distinct probes, the rate, the first and last frame, and the novelties raised on their own no
 * more because they were part of the scan. Bounded: a few dozen fields whatever the scan's size.
 */
final class ScanSummary implements Folding {
    /** Distinct probes listed by value; past it only their range is given. */
    static final int LISTED_PROBES = 8;

    private final ScanRule.Category category;
    private final IpAddress client;
    /** Capture time the scan began (the start of the scan window it was found in). */
    private final long startNanos;
    /** Capture time of the alert's first occurrence; its de-duplication window runs from here. */
    final long firstNanos;
    private long lastNanos;
    private long targets;
    private IpAddress lowestServer;
    private IpAddress highestServer;
    private long lowestProbe = Long.MAX_VALUE;
    private long highestProbe = Long.MIN_VALUE;
    private final long[] listed = new long[LISTED_PROBES];
    private int listedCount;
    private boolean moreProbes;
    private long firstFrame;
    private long lastFrame;
    private long foldedAssets;
    private long foldedConversations;

    ScanSummary(ScanRule.Category category, IpAddress client, long startNanos, long firstNanos) {
        this.category = category;
        this.client = client;
        this.startNanos = startNanos;
        this.firstNanos = firstNanos;
        this.lastNanos = firstNanos;
    }

    /** A novel target: {@code probe} is the port, unit, function code or first address reached on {@code server}. */
    void target(IpAddress server, long probe, long nanos, long frame) {
        targets++;
        lastNanos = Math.max(lastNanos, nanos);
        if (lowestServer == null || server.compareTo(lowestServer) < 0) {
            lowestServer = server;
        }
        if (highestServer == null || server.compareTo(highestServer) > 0) {
            highestServer = server;
        }
        lowestProbe = Math.min(lowestProbe, probe);
        highestProbe = Math.max(highestProbe, probe);
        if (Arrays.stream(listed, 0, listedCount).noneMatch(p -> p == probe)) {
            if (listedCount < LISTED_PROBES) {
                listed[listedCount++] = probe;
            } else {
                moreProbes = true;
            }
        }
        frame(frame);
    }

    /** A new asset reached by the scan, not raised on its own. */
    @Override
    public void foldAsset(long nanos, long frame) {
        foldedAssets++;
        lastNanos = Math.max(lastNanos, nanos);
        frame(frame);
    }

    /** A new conversation of the scan, not raised on its own. */
    @Override
    public void foldConversation(long nanos, long frame) {
        foldedConversations++;
        lastNanos = Math.max(lastNanos, nanos);
        frame(frame);
    }

    /** A frame of the scan's evidence. */
    void frame(long frame) {
        if (frame <= 0) {
            return;
        }
        if (firstFrame == 0) {
            firstFrame = frame;
        }
        lastFrame = Math.max(lastFrame, frame);
    }

    /** The readable detail of the alert as it stands. */
    String detail() {
        StringBuilder text = new StringBuilder();
        long nanos = lastNanos - startNanos;
        text.append(targets).append(" novel ").append(category.label).append(" from ").append(client)
                .append(" in ").append(Formats.seconds(nanos));
        if (lowestServer != null) {
            text.append(": servers ").append(lowestServer);
            if (!highestServer.equals(lowestServer)) {
                text.append("..").append(highestServer);
            }
            text.append(", ").append(category.probe).append(' ');
            long[] probes = Arrays.copyOf(listed, listedCount);
            Arrays.sort(probes);
            if (moreProbes) {
                text.append(lowestProbe).append("..").append(highestProbe);
            } else {
                for (int i = 0; i < probes.length; i++) {
                    text.append(i == 0 ? "" : ",").append(probes[i]);
                }
            }
        }
        if (nanos > 0) {
            text.append(String.format(Locale.ROOT, "; %.1f per second", targets * 1e9 / nanos));
        }
        if (firstFrame > 0) {
            text.append("; frames ").append(firstFrame).append("..").append(lastFrame);
        }
        if (foldedAssets > 0 || foldedConversations > 0) {
            text.append("; folded in: ").append(foldedAssets).append(" new assets, ").append(foldedConversations)
                    .append(" new conversations");
        }
        return text.toString();
    }
}
