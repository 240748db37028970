package otb.cli.report;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import otb.baseline.alert.AlertSink;
import otb.baseline.cells.Cells;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.detect.Detector;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;
import otb.baseline.store.BaselineStore;
import otb.capture.CaptureFiles;
import otb.capture.PacketSource;
import otb.dissect.Dissection;

/**
 * A real otb database for report tests: a baseline learned from real captures of three plants
 * (Modbus/TCP, DNP3, S7comm, one /24 cell each), saved as a snapshot, and the alerts raised by
 * analysing other real captures against it.
 */
final class ReportDatabase {
    static final Path PCAPS = Path.of("fixtures/pcaps");
    /** Learned: a Modbus master polling many slaves, a DNP3 master and outstation, an S7 HMI and PLC. */
    static final List<String> LEARNED = List.of("modbus/ModbusTCP.pcap", "dnp3/dnp3_example.pcap",
            "s7comm/s7comm_clean.pcap", "modbus/modbus-eit.pcap", "other/wrapup.pcapng", "modbus/modbus_example.pcap",
            "other/bacnet_test.pcap");
    /** Analysed against the baseline: writes, device identification, a PLC stop, a block download. */
    static final List<String> ANALYSED = List.of("modbus/modbus_test_data_part1.pcap",
            "s7comm/step7_s300_stop.pcapng", "s7comm/s7comm_downloading_block_db1.pcap");

    private ReportDatabase() {
    }

    /** Learns the captures (under {@link #PCAPS}, or absolute paths) into a new snapshot; returns its number. */
    static long learn(BaselineStore store, List<String> captures) throws Exception {
        return learn(store, captures, Cells.automatic());
    }

    /** Learns the captures with the given cells into a new snapshot; returns its number. */
    static long learn(BaselineStore store, List<String> captures, Cells cells) throws Exception {
        Learner learner = new Learner(cells, new Baseline());
        Dissection dissection = Dissection.withDefaults(learner);
        for (String capture : captures) {
            try (PacketSource source = CaptureFiles.open(PCAPS.resolve(capture))) {
                dissection.process(source);
            }
        }
        dissection.finish();
        return store.saveSnapshot(learner.baseline(), cells, "learn", String.join(" ", captures),
                OptionalLong.empty(), "report test");
    }

    /** Analyses the captures against snapshot {@code snapshot}, storing the alerts. */
    static void analyse(BaselineStore store, long snapshot, List<String> captures) throws Exception {
        Baseline baseline = store.load(snapshot).baseline();
        try (AlertSink sink = store.alertSink(OptionalLong.of(snapshot))) {
            for (String capture : captures) {
                Detector detector = new Detector(Cells.automatic(), baseline, DetectionConfig.defaults(), List.of(sink));
                Dissection dissection = Dissection.withDefaults(detector);
                try (PacketSource source = CaptureFiles.open(PCAPS.resolve(capture))) {
                    dissection.process(source);
                }
                dissection.finish();
                detector.finish();
            }
        }
    }

    /** A database with one learned snapshot and the alerts of {@link #ANALYSED}. */
    static Path create(Path directory) throws Exception {
        Path file = directory.resolve("otb.db");
        try (BaselineStore store = BaselineStore.open(file)) {
            long snapshot = learn(store, LEARNED);
            analyse(store, snapshot, ANALYSED);
        }
        return file;
    }
}
