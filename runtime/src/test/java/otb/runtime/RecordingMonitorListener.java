package otb.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import otb.baseline.alert.Alert;
import otb.capture.LiveStatistics;

/** Records every report of a live run as one line, "method arguments", in order. */
final class RecordingMonitorListener implements MonitorListener {
    private final List<String> events = new ArrayList<>();

    /** Every report so far whose method is {@code method}. */
    synchronized List<String> events(String method) {
        return events.stream().filter(e -> e.equals(method) || e.startsWith(method + " ")).toList();
    }

    synchronized List<String> all() {
        return List.copyOf(events);
    }

    private synchronized void add(String event) {
        events.add(event);
    }

    @Override
    public void absorbed(String input, otb.baseline.learn.AbsorbedOperations absorbed) {
        StringBuilder event = new StringBuilder("absorbed " + input + " " + absorbed.notListed());
        for (otb.baseline.learn.AbsorbedOperations.Entry entry : absorbed.entries()) {
            event.append(" | ").append(entry.kind().wireName()).append(' ').append(entry.client()).append("->")
                    .append(entry.server()).append(' ').append(entry.function()).append(' ').append(entry.point())
                    .append(" x").append(entry.count()).append(" frame ").append(entry.firstFrame())
                    .append(" at ").append(entry.firstNanos());
        }
        add(event.toString());
    }

    @Override
    public void captureNotice(String line) {
        add("captureNotice " + line);
    }

    @Override
    public void warmingUp(String input, long frames) {
        add("warmingUp " + input + " " + frames);
    }

    @Override
    public void warmUpRound(String input, int round, int rounds) {
        add("warmUpRound " + round + "/" + rounds);
    }

    @Override
    public void warmedUp(String input, long wallNanos) {
        add("warmedUp " + input);
    }

    @Override
    public void warmUpSkipped(String reason) {
        add("warmUpSkipped " + reason);
    }

    @Override
    public void capturing(String input) {
        add("capturing " + input);
    }

    @Override
    public void learning(String input, long learnedNanos, long periodNanos, OptionalLong resumed) {
        add("learning " + input + " " + learnedNanos + " " + periodNanos + " " + resumed);
    }

    @Override
    public void detecting(String input, OptionalLong snapshot) {
        add("detecting " + input + " " + snapshot);
    }

    @Override
    public void learningEnded(String input, long periodNanos, long snapshot) {
        add("learningEnded " + input + " " + periodNanos + " " + snapshot);
    }

    @Override
    public void checkpointSaved(String input, long snapshot, long learnedNanos, long periodNanos) {
        add("checkpointSaved " + input + " " + snapshot + " " + learnedNanos + " " + periodNanos);
    }

    @Override
    public void stoppedWhileLearning(String input, long snapshot, long learnedNanos, long periodNanos) {
        add("stoppedWhileLearning " + input + " " + snapshot + " " + learnedNanos + " " + periodNanos);
    }

    @Override
    public void alertsNotStored(long alerts, int limit) {
        add("alertsNotStored " + alerts + " " + limit);
    }

    @Override
    public void alertOpened(Alert first) {
        add("alertOpened " + first.kind());
    }

    @Override
    public void framesLost(String input, long framesLost, LiveStatistics statistics) {
        add("framesLost " + input + " " + framesLost);
    }

    @Override
    public void noTraffic(String input, long silentNanos) {
        add("noTraffic " + input + " " + silentNanos);
    }

    @Override
    public void counters(String input, LiveStatistics statistics) {
        add("counters " + input + " " + statistics.framesQueued());
    }

    @Override
    public void sinkFailed(String message) {
        add("sinkFailed " + message);
    }

    @Override
    public void checkpointFailed(String message) {
        add("checkpointFailed " + message);
    }

    @Override
    public void framesNotWritten(String message) {
        add("framesNotWritten " + message);
    }

    @Override
    public void evidenceFailed(String alertId, String message) {
        add("evidenceFailed " + alertId + " " + message);
    }

    @Override
    public void outputFailed(String message) {
        add("outputFailed " + message);
    }

    @Override
    public void evidenceSkipped(long alerts) {
        add("evidenceSkipped " + alerts);
    }

    @Override
    public void stopped(String input, LiveStatistics statistics, long framesDecoded) {
        add("stopped " + input + " " + framesDecoded);
    }
}
