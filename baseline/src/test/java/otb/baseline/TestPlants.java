package otb.baseline;

import java.util.List;
import java.util.function.Consumer;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertSink;
import otb.baseline.cells.Cells;
import otb.baseline.detect.DetectionConfig;
import otb.baseline.detect.Detector;
import otb.baseline.model.Baseline;
import otb.capture.Direction;
import otb.dissect.Malformed;
import otb.dissect.OperationClass;
import otb.dissect.OtEvent;
import otb.dissect.modbus.ModbusProtocol;

/** Entry points to the synthetic {@link Plant} for tests in other packages. */
public final class TestPlants {
    private TestPlants() {
    }

    /** The baseline of {@code cycles} cycles of the seed-7 plant. */
    public static Baseline learned(int cycles) {
        return Detection.learn(new Plant(7), Cells.automatic(), cycles);
    }

    /**
     * Detects, against a baseline of 1200 learned cycles, 100 more cycles with one
     * read_device_identification request and one malformed frame; alerts go to {@code sink} too.
     */
    public static List<Alert> detectWithNewFunctionAndMalformed(Baseline baseline, AlertSink sink)
            throws AlertSink.AlertSinkException {
        Plant plant = new Plant(7);
        plant.open(event -> { });
        plant.run(1200, event -> { });
        Detection.Collecting collecting = new Detection.Collecting();
        Detector detector = new Detector(Cells.automatic(), baseline, DetectionConfig.defaults(),
                List.of(collecting, sink));
        plant.run(50, detector);
        detector.accept(plant.request(plant.flowA, plant.now + 1_000_000, 43, "read_device_identification",
                OperationClass.DIAGNOSTIC, plant.nextTxid()).build());
        detector.accept(new Malformed(plant.flowA, Direction.TO_SERVER, ModbusProtocol.DESCRIPTOR, Plant.INPUT, ++plant.frame,
                plant.now + 2_000_000, "bad_protocol_id", 7));
        plant.run(50, detector);
        detector.finish();
        return collecting.alerts;
    }

    /** Another plant's traffic (seed 8) to extend a baseline with. */
    public static void moreTraffic(Consumer<OtEvent> out) {
        Plant plant = new Plant(8);
        plant.open(out);
        plant.run(300, out);
    }

    /** A plant that emits its traffic in chunks: first call opens its flows. */
    public static final class Traffic {
        private final Plant plant;
        private boolean opened;

        public Traffic(long seed) {
            plant = new Plant(seed);
        }

        public void cycles(int count, Consumer<OtEvent> out) {
            if (!opened) {
                plant.open(out);
                opened = true;
            }
            plant.run(count, out);
        }
    }
}
