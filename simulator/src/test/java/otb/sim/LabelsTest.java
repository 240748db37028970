package otb.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The labels of a 30-minute capture with every scenario point at frames that really carry the
 * injected traffic, re-read from the pcap bytes: addresses and ports, the function codes and
 * values each scenario is about, and none of that traffic outside the labelled frames.
 */
class LabelsTest {
    private static SimulatorRun run;
    private static Set<Integer> labelled;

    @BeforeAll
    static void simulate() throws IOException {
        run = SimulatorRun.of(SimulatorRun.options(3, "2026-03-02T08:00:00Z", Duration.ofMinutes(30),
                String.join(",", ScenarioRequest.kindNames()), false));
        labelled = new HashSet<>();
        for (Label label : run.result().labels()) {
            for (int i = 0; i < label.frameCount(); i++) {
                labelled.add(label.frame(i));
            }
        }
    }

    private static List<CapturedFrame> frames(Label label) {
        List<CapturedFrame> frames = new ArrayList<>();
        for (int i = 0; i < label.frameCount(); i++) {
            frames.add(run.frame(label.frame(i)));
        }
        return frames;
    }

    private static List<CapturedFrame> unlabelled(Predicate<CapturedFrame> filter) {
        return run.frames().stream().filter(frame -> !labelled.contains(frame.number())).filter(filter).toList();
    }

    private static boolean modbus(CapturedFrame frame) {
        return frame.isTcp() && frame.hasPort(502) && frame.payloadLength() >= 8;
    }

    private static boolean fromTo(CapturedFrame frame, Host client, Host server) {
        return frame.source() == client.address() && frame.destination() == server.address();
    }

    private static int s7Function(CapturedFrame frame) {
        if (!frame.isTcp() || !frame.hasPort(102) || frame.payloadLength() < 18 || frame.payloadByte(7) != 0x32) {
            return -1;
        }
        int rosctr = frame.payloadByte(8);
        return frame.payloadByte(rosctr == 2 || rosctr == 3 ? 19 : 17);
    }

    private static int dnp3Function(CapturedFrame frame) {
        return frame.isTcp() && frame.hasPort(20000) && frame.payloadLength() > 12 ? frame.payloadByte(12) : -1;
    }

    @Test
    void everyScenarioIsLabelledOnceWithItsAddressesAndTimes() {
        assertEquals(ScenarioKind.values().length, run.result().labels().size());
        for (Label label : run.result().labels()) {
            String kind = label.kind.kindName();
            assertTrue(label.hasTimeRange(), kind);
            assertTrue(label.start <= label.end, kind);
            assertEquals(label.kind == ScenarioKind.SILENT_CHANNEL, label.frameCount() == 0, kind + " frame count");
            int previous = 0;
            for (CapturedFrame frame : frames(label)) {
                assertTrue(frame.number() > previous, kind + ": frames in order");
                previous = frame.number();
                assertTrue(frame.time() >= label.start && frame.time() <= label.end, kind + ": frame " + frame.number()
                        + " outside the label's time range");
                if (frame.etherType() == CapturedFrame.ETHERTYPE_ARP) {
                    assertEquals(ScenarioKind.NEW_DEVICE, label.kind, "only the new device's ARP is labelled");
                    assertTrue(frame.source() == Host.parse(label.source) || frame.destination() == Host.parse(label.source),
                            kind + ": ARP of the new device, frame " + frame.number());
                } else {
                    assertTrue(frame.between(label.source, label.destination), kind + ": frame " + frame.number()
                            + " is not between " + label.source + " and " + label.destination);
                    assertTrue(frame.hasPort(label.destinationPort), kind + ": frame " + frame.number() + " port");
                }
            }
        }
    }

    @Test
    void labelsJsonListsTheSameFrames() {
        Pattern event = Pattern.compile("\"kind\": \"([a-z0-9_]+)\"[^\\]]*?\"frames\": \\[([0-9, \\n]*)\\]");
        Matcher matcher = event.matcher(run.labelsJson());
        int events = 0;
        while (matcher.find()) {
            Label label = run.label(ScenarioKind.byName(matcher.group(1)));
            String list = matcher.group(2).trim();
            int[] numbers = list.isEmpty() ? new int[0]
                    : Arrays.stream(list.split("[,\\s]+")).mapToInt(Integer::parseInt).toArray();
            int[] expected = new int[label.frameCount()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = label.frame(i);
            }
            assertArrayEquals(expected, numbers, label.kind.kindName());
            events++;
        }
        assertEquals(ScenarioKind.values().length, events);
    }

    @Test
    void newDeviceAppearsOnlyInItsLabel() {
        int intruder = Host.parse(run.label(ScenarioKind.NEW_DEVICE).source);
        assertTrue(unlabelled(f -> f.source() == intruder || f.destination() == intruder).isEmpty());
        assertTrue(frames(run.label(ScenarioKind.NEW_DEVICE)).stream().anyMatch(CapturedFrame::isTcp));
    }

    @Test
    void newConversationsExistOnlyInTheirLabels() {
        for (ScenarioKind kind : new ScenarioKind[] {ScenarioKind.NEW_CONVERSATION, ScenarioKind.CROSS_CELL_CONVERSATION}) {
            Label label = run.label(kind);
            assertTrue(unlabelled(f -> f.isTcp() && f.between(label.source, label.destination)).isEmpty(), kind.kindName());
            assertTrue(frames(label).stream().anyMatch(f -> modbus(f) && f.payloadByte(7) == 3), kind.kindName());
        }
        Label crossCell = run.label(ScenarioKind.CROSS_CELL_CONVERSATION);
        // seen on the VLAN 20 trunk in both directions, the line 1 HMI behind the router
        assertTrue(frames(crossCell).stream().allMatch(f -> f.vlan() == 20));
    }

    @Test
    void newFunctionCodeAndNewWriter() {
        Plant plant = new Plant(3);
        assertTrue(frames(run.label(ScenarioKind.NEW_FUNCTION_CODE)).stream()
                .anyMatch(f -> modbus(f) && fromTo(f, plant.hmi1, plant.plc1a) && f.payloadByte(7) == 43));
        assertTrue(unlabelled(f -> modbus(f) && f.payloadByte(7) == 43).isEmpty(), "FC 43 only in the label");
        assertTrue(frames(run.label(ScenarioKind.NEW_WRITER)).stream()
                .anyMatch(f -> modbus(f) && fromTo(f, plant.hmi1b, plant.plc1a) && f.payloadByte(7) == 6));
        assertTrue(unlabelled(f -> modbus(f) && f.source() == plant.hmi1b.address() && f.payloadByte(7) != 4).isEmpty(),
                "hmi-1b only ever reads input registers outside the label");
        assertFalse(unlabelled(f -> modbus(f) && fromTo(f, plant.hmi1, plant.plc1a) && f.payloadByte(7) == 6).isEmpty(),
                "the operator HMI does write setpoints in normal traffic");
    }

    @Test
    void setpointOutOfRangeIsTheOnlyWriteOutsideTheRange() {
        Predicate<CapturedFrame> outOfRange = f -> modbus(f) && f.payloadByte(7) == 6 && f.payload16(8) == 100
                && (f.payload16(10) < Plant.SETPOINT_MINIMUM || f.payload16(10) > Plant.SETPOINT_MAXIMUM);
        assertTrue(frames(run.label(ScenarioKind.SETPOINT_OUT_OF_RANGE)).stream().anyMatch(outOfRange));
        assertTrue(unlabelled(outOfRange.and(f -> f.destinationPort() == 502)).isEmpty());
    }

    @Test
    void engineeringScenariosCarryTheirS7Functions() {
        assertS7(ScenarioKind.PLC_STOP, 0x29);
        assertS7(ScenarioKind.PROGRAM_DOWNLOAD, 0x1A, 0x1B, 0x1C, 0x28);
        assertS7(ScenarioKind.CPU_START, 0x28);
        assertTrue(unlabelled(f -> {
            int function = s7Function(f);
            return function >= 0x1A && function <= 0x29;
        }).isEmpty(), "no block transfer, PI service or stop outside the labels");
    }

    private static void assertS7(ScenarioKind kind, int... functions) {
        Set<Integer> seen = new HashSet<>();
        for (CapturedFrame frame : frames(run.label(kind))) {
            seen.add(s7Function(frame));
        }
        for (int function : functions) {
            assertTrue(seen.contains(function), kind.kindName() + " carries function " + Integer.toHexString(function));
        }
    }

    @Test
    void dnp3CommandsAreInTheirLabelsOnly() {
        assertTrue(frames(run.label(ScenarioKind.DNP3_COLD_RESTART)).stream().anyMatch(f -> dnp3Function(f) == 0x0D));
        assertTrue(frames(run.label(ScenarioKind.DNP3_DISABLE_UNSOLICITED)).stream().anyMatch(f -> dnp3Function(f) == 0x15));
        assertTrue(unlabelled(f -> dnp3Function(f) == 0x0D || dnp3Function(f) == 0x15).isEmpty());
    }

    @Test
    void replayedCommandRepeatsAnEarlierWriteOnANewConnection() {
        Plant plant = new Plant(3);
        CapturedFrame replay = frames(run.label(ScenarioKind.REPLAYED_COMMAND)).stream()
                .filter(f -> modbus(f) && fromTo(f, plant.hmi1, plant.plc1a) && f.payloadByte(7) == 6).findFirst()
                .orElseThrow();
        CapturedFrame original = unlabelled(f -> modbus(f) && fromTo(f, plant.hmi1, plant.plc1a)
                && f.number() < replay.number() && Arrays.equals(f.payload(), replay.payload())).stream().reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no earlier identical write"));
        assertNotEquals(original.sourcePort(), replay.sourcePort(), "replayed on another connection");
    }

    @Test
    void replayedValuesRepeatEarlierResponses() {
        Plant plant = new Plant(3);
        Label label = run.label(ScenarioKind.REPLAYED_VALUES);
        List<CapturedFrame> replayed = frames(label).stream().filter(f -> modbus(f) && fromTo(f, plant.plc1a, plant.hmi1))
                .toList();
        assertTrue(replayed.size() > 100, "three minutes of 1 s polls");
        List<byte[]> earlier = unlabelled(f -> modbus(f) && fromTo(f, plant.plc1a, plant.hmi1) && f.payloadByte(7) == 4
                && f.time() < label.start).stream().map(f -> Arrays.copyOfRange(f.payload(), 9, f.payloadLength())).toList();
        for (CapturedFrame frame : replayed) {
            byte[] registers = Arrays.copyOfRange(frame.payload(), 9, frame.payloadLength());
            assertTrue(earlier.stream().anyMatch(e -> Arrays.equals(e, registers)), "frame " + frame.number()
                    + " replays an earlier response");
        }
        // meanwhile the read-only HMI sees the real values, which it never saw before
        List<CapturedFrame> real = unlabelled(f -> modbus(f) && fromTo(f, plant.plc1a, plant.hmi1b)
                && f.time() > label.start && f.time() < label.end);
        assertTrue(real.stream().anyMatch(f -> earlier.stream().noneMatch(
                e -> Arrays.equals(e, Arrays.copyOfRange(f.payload(), 9, f.payloadLength())))));
    }

    @Test
    void frozenValueStaysConstantWhileItMovedBefore() {
        Plant plant = new Plant(3);
        Label label = run.label(ScenarioKind.FROZEN_VALUE);
        // read var ack: 7 TPKT/COTP + 12 header + 2 parameter; item 1 data at +4; DB1.DBW4 is bytes 4-5
        int wordOffset = 7 + 12 + 2 + 4 + 4;
        Set<Integer> frozen = new HashSet<>();
        for (CapturedFrame frame : frames(label)) {
            assertTrue(fromTo(frame, plant.plc2b, plant.hmi2));
            frozen.add(frame.payload16(wordOffset));
        }
        assertTrue(label.frameCount() > 100);
        assertEquals(1, frozen.size(), "one value throughout");
        Set<Integer> before = new HashSet<>();
        for (CapturedFrame frame : unlabelled(f -> fromTo(f, plant.plc2b, plant.hmi2) && s7Function(f) == 4
                && f.time() < label.start)) {
            before.add(frame.payload16(wordOffset));
        }
        assertTrue(before.size() > 20, "the value moved before: " + before.size());
    }

    @Test
    void pollingDriftStretchesTheCycle() {
        Plant plant = new Plant(3);
        Label label = run.label(ScenarioKind.POLLING_DRIFT);
        double during = medianInterval(frames(label).stream().filter(f -> modbus(f) && fromTo(f, plant.hmi1, plant.plc1b))
                .toList());
        double before = medianInterval(unlabelled(f -> modbus(f) && fromTo(f, plant.hmi1, plant.plc1b)
                && f.payloadByte(6) == 1 && f.time() < label.start));
        assertEquals(1.0, before, 0.02);
        assertEquals(1.6, during, 0.03);
    }

    private static double medianInterval(List<CapturedFrame> requests) {
        double[] intervals = new double[requests.size() - 1];
        for (int i = 1; i < requests.size(); i++) {
            intervals[i - 1] = (requests.get(i).time() - requests.get(i - 1).time()) / 1e9;
        }
        Arrays.sort(intervals);
        return intervals[intervals.length / 2];
    }

    @Test
    void silentChannelHasNoFramesInItsWindow() {
        Label label = run.label(ScenarioKind.SILENT_CHANNEL);
        Predicate<CapturedFrame> channel = f -> f.isTcp() && f.between(label.source, label.destination);
        assertTrue(run.frames().stream().filter(channel).noneMatch(f -> f.time() > label.start && f.time() < label.end));
        assertTrue(run.frames().stream().filter(channel).anyMatch(f -> f.time() < label.start));
        assertTrue(run.frames().stream().filter(channel).anyMatch(f -> f.time() > label.end), "polling resumes");
    }

    @Test
    void requestFloodIsFast() {
        Label label = run.label(ScenarioKind.REQUEST_FLOOD);
        long requests = frames(label).stream().filter(f -> modbus(f) && f.destinationPort() == 502).count();
        double seconds = (label.end - label.start) / 1e9;
        assertTrue(requests / seconds > 50, requests + " requests in " + seconds + " s");
    }

    @Test
    void scanSweepsUnitsAndFunctions() {
        Set<Integer> units = new HashSet<>();
        Set<Integer> functions = new HashSet<>();
        for (CapturedFrame frame : frames(run.label(ScenarioKind.SCAN))) {
            if (modbus(frame) && frame.destinationPort() == 502) {
                units.add(frame.payloadByte(6));
                functions.add(frame.payloadByte(7));
            }
        }
        assertTrue(units.size() >= 32, "units " + units);
        assertTrue(functions.size() >= 10, "functions " + functions);
    }
}
