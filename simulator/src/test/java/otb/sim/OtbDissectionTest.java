package otb.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import otb.capture.CaptureFiles;
import otb.capture.PacketSource;
import otb.dissect.Dissection;
import otb.dissect.Malformed;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.Protocol;
import otb.dissect.dnp3.Dnp3Protocol;
import otb.dissect.modbus.ModbusProtocol;
import otb.dissect.s7comm.S7Protocols;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A generated capture with every scenario, read back through otb's own pipeline (capture
 * engine, dispatcher, the Modbus, DNP3 and S7comm sessions): no malformed stream, no TCP gap,
 * no message with an anomaly flag (except the exception responses a scan provokes on purpose),
 * and exactly one message per application PDU the independent test reader counts in the pcap.
 */
class OtbDissectionTest {
    @TempDir
    Path directory;

    @ParameterizedTest(name = "mid-stream {0}")
    @ValueSource(booleans = {false, true})
    void everyFrameParsesWithoutAnomalies(boolean midStream) throws Exception {
        Path pcap = directory.resolve("plant.pcap");
        SimulationOptions options = new SimulationOptions(21, Instant.parse("2026-03-02T08:00:00Z"),
                Duration.ofMinutes(12), Long.MAX_VALUE, ScenarioRequest.parseList("all"), midStream);
        PlantSimulator.Result result;
        try (OutputStream out = Files.newOutputStream(pcap)) {
            result = PlantSimulator.run(options, out);
        }
        Map<Long, ScenarioKind> injected = new HashMap<>();
        for (Label label : result.labels()) {
            for (int i = 0; i < label.frameCount(); i++) {
                injected.put((long) label.frame(i), label.kind);
            }
        }
        Map<Protocol, Integer> expected = countPdus(PcapReader.read(pcap));

        List<String> problems = new ArrayList<>();
        Map<Protocol, Integer> messages = new HashMap<>();
        Dissection dissection = Dissection.withDefaults((OtEvent event) -> {
            if (event instanceof Malformed malformed) {
                problems.add("malformed " + malformed.protocol() + " frame " + malformed.frame() + ": " + malformed.reason());
            } else if (event instanceof OtMessage message) {
                messages.merge(message.protocol(), 1, Integer::sum);
                ScenarioKind kind = injected.get(message.frame());
                boolean expectedAnomaly = kind == ScenarioKind.SCAN && message.anomalies().equals(List.of("exception_response"));
                if (!message.anomalies().isEmpty() && !expectedAnomaly) {
                    problems.add(message.protocol() + " frame " + message.frame() + " " + message.functionName() + ": "
                            + message.anomalies() + (kind == null ? "" : " (" + kind.kindName() + ")"));
                }
            }
        });
        try (PacketSource source = CaptureFiles.open(pcap)) {
            dissection.process(source);
        }
        dissection.finish();

        assertTrue(problems.isEmpty(), problems.size() + " problems, first: "
                + problems.subList(0, Math.min(10, problems.size())));
        Map<String, Long> counters = dissection.captureCounters().asMap();
        assertEquals(0L, counters.getOrDefault("tcp_gaps", 0L), counters.toString());
        assertEquals(0L, counters.getOrDefault("bad_headers", 0L), counters.toString());
        assertEquals(expected, messages);
    }

    /**
     * Application PDUs in the capture, counted per protocol from the reassembled streams: Modbus ADUs,
     * S7comm PDUs (COTP DT carrying protocol id 0x32) and COTP connection requests and confirms,
     * and DNP3 link frames with user data.
     */
    private static Map<Protocol, Integer> countPdus(List<CapturedFrame> frames) {
        Map<Protocol, Integer> counts = new HashMap<>();
        StreamFramer framer = new StreamFramer();
        for (CapturedFrame frame : frames) {
            for (StreamFramer.Pdu pdu : framer.accept(frame)) {
                byte[] data = pdu.bytes();
                if (pdu.port() == 502) {
                    counts.merge(ModbusProtocol.DESCRIPTOR, 1, Integer::sum);
                } else if (pdu.port() == 20000) {
                    if ((data[2] & 0xFF) > 5) {
                        counts.merge(Dnp3Protocol.DESCRIPTOR, 1, Integer::sum);
                    }
                } else {
                    int type = data[5] & 0xFF;
                    if (type == 0xF0 && (data[7] & 0xFF) == 0x32 || type == 0xE0 || type == 0xD0) {
                        counts.merge(S7Protocols.S7COMM, 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }
}
