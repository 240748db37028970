package otb.runtime;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertSink;
import otb.baseline.alert.JsonLinesAlertSink;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.detect.Detector;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import otb.capture.IoErrors;
import otb.capture.CaptureLimits;
import otb.capture.PacketSource;
import otb.dissect.DissectorConfig;
import otb.dissect.Json;

/**
 * Detection over capture files ({@code otb analyze}): the files go through the pipeline into a
 * detector against one baseline snapshot, whose alerts go to the sinks in order: the caller's
 * own (a table, a test's list), the database, JSON lines, then the opened ones (syslog).
 * {@link #start}, then {@link #read} once or more, then {@link #finish}; {@link #close} releases
 * the JSON lines file whatever happened.
 */
public final class OfflineAnalysis implements AutoCloseable {

    /**
     * Where alerts go besides the caller's sinks.
     *
     * @param storeAlerts record the alerts in the database, against the snapshot
     * @param jsonLines   file to write the alerts to as JSON lines (replaced), or null
     * @param moreSinks   further sinks, opened at {@link #start} after the others
     */
    public record Sinks(boolean storeAlerts, Path jsonLines, List<AlertSinkOpener> moreSinks) {
        public Sinks {
            moreSinks = List.copyOf(moreSinks);
        }
    }

    private final List<AlertSink> sinks;
    private final Writer jsonWriter;
    private final Detector detector;

    private OfflineAnalysis(List<AlertSink> sinks, Writer jsonWriter, Detector detector) {
        this.sinks = sinks;
        this.jsonWriter = jsonWriter;
        this.detector = detector;
    }

    /** Opens the sinks and builds the detector against {@code baseline}, a snapshot of {@code store}. */
    public static OfflineAnalysis start(BaselineStore store, Snapshot baseline, DetectionConfig detection, Sinks options,
                                        List<AlertSink> callerSinks) throws PipelineException {
        return start(store, baseline, detection, options, callerSinks, null);
    }

    /**
     * As {@link #start(BaselineStore, Snapshot, DetectionConfig, Sinks, List)}, against a signed
     * baseline that every JSON line names ({@code label}; null when the baseline is not signed).
     */
    public static OfflineAnalysis start(BaselineStore store, Snapshot baseline, DetectionConfig detection, Sinks options,
                                        List<AlertSink> callerSinks, SignedBaselineLabel label) throws PipelineException {
        List<AlertSink> sinks = new ArrayList<>(callerSinks);
        if (options.storeAlerts()) {
            sinks.add(store.alertSink(OptionalLong.of(baseline.info().id())));
        }
        Writer jsonWriter = null;
        try {
            if (options.jsonLines() != null) {
                jsonWriter = openJsonLines(options.jsonLines());
                sinks.add(label == null ? new JsonLinesAlertSink(jsonWriter) : labelled(jsonWriter, label));
            }
            for (AlertSinkOpener opener : options.moreSinks()) {
                sinks.add(opener.open());
            }
        } catch (PipelineException | RuntimeException e) {
            closeQuietly(jsonWriter);
            throw e;
        }
        Detector detector = new Detector(baseline.cells(), baseline.baseline(), detection, sinks);
        return new OfflineAnalysis(sinks, jsonWriter, detector);
    }

    /** JSON lines with the signed baseline's fields after the documented ones. */
    private static AlertSink labelled(Writer out, SignedBaselineLabel label) {
        return new AlertSink() {
            @Override
            public void accept(Alert alert) throws AlertSinkException {
                try {
                    out.write(Json.write(label.addTo(alert.fields())));
                    out.write('\n');
                } catch (IOException e) {
                    throw new AlertSinkException("cannot write alert: " + e.getMessage(), e);
                }
            }

            @Override
            public void flush() throws AlertSinkException {
                try {
                    out.flush();
                } catch (IOException e) {
                    throw new AlertSinkException("cannot write alerts: " + e.getMessage(), e);
                }
            }
        };
    }

    private static Writer openJsonLines(Path file) throws PipelineException {
        try {
            return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PipelineException("cannot write " + file + ": " + IoErrors.reason(e), e);
        }
    }

    /** Reads {@code files} into the detector on the caller's thread; see {@link CaptureFileReader#read}. */
    public CaptureFileReader.Result read(List<Path> files, DissectorConfig dissection,
                                         PacketSource.FrameHandler frameObserver) {
        return read(files, dissection, frameObserver, 1);
    }

    /**
     * Reads {@code files} into the detector with {@code threads} threads; the alerts (ids, order,
     * content) are the same for every number, and reach the sinks on the caller's thread. See
     * {@link CaptureFileReader#read(List, DissectorConfig, java.util.function.Consumer,
     * PacketSource.FrameHandler, int)}.
     */
    public CaptureFileReader.Result read(List<Path> files, DissectorConfig dissection,
                                         PacketSource.FrameHandler frameObserver, int threads) {
        return CaptureFileReader.read(files, dissection, detector, frameObserver, threads);
    }

    /** As the read above, with the capture engine's {@code limits} (flow table, reassembly). */
    public CaptureFileReader.Result read(List<Path> files, DissectorConfig dissection,
                                         PacketSource.FrameHandler frameObserver, int threads, CaptureLimits limits) {
        return CaptureFileReader.read(files, dissection, detector, frameObserver, threads, limits);
    }

    /** End of input: open alerts are closed and delivered, then every sink is closed. */
    public void finish() throws AlertSink.AlertSinkException {
        detector.finish();
        for (AlertSink sink : sinks) {
            sink.close();
        }
    }

    @Override
    public void close() throws PipelineException {
        if (jsonWriter != null) {
            try {
                jsonWriter.close();
            } catch (IOException e) {
                throw new PipelineException(e.getMessage(), e);
            }
        }
    }

    private static void closeQuietly(Writer writer) {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException ignored) {
            // the failure that made us close is the one reported
        }
    }
}
