package otb.baseline.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.baseline.Detection.describe;
import static otb.baseline.Detection.detect;
import static otb.baseline.Detection.of;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Severity;
import otb.baseline.cells.Cells;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineCodec;
import otb.baseline.model.BaselineLimits;
import otb.baseline.model.IpConversationKey;
import otb.baseline.model.ReconnectHabit;
import otb.baseline.model.SequenceDiscipline;
import otb.baseline.model.SequenceKey;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.FlowListener.FlowEnd;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.FlowEnded;
import otb.dissect.FlowStarted;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.StreamContext;
import otb.dissect.modbus.ModbusProtocol;
import org.junit.jupiter.api.Test;

/**
 * The sequence discipline of a Modbus client, learned and broken: an HMI polls a PLC once a
 * second over connections it reopens every 100 requests, its transaction ids starting at 1 and
 * advancing by one per request, and writes a setpoint every 25th request.
 */
class SequenceRuleTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String INPUT = "sequence.pcap";
    private static final IpAddress HMI = IpAddress.parse("10.0.1.10");
    private static final IpAddress PLC = IpAddress.parse("10.0.1.20");
    private final Cells cells = Cells.automatic();

    /** Hand-made traffic: connections, requests with their counter, responses. */
    private static final class Hmi {
        long now = 1_700_000_000L * SECOND;
        long frame;
        int port = 40000;
        long flowIds;
        Flow flow;
        int txid;
        /** True for a client that numbers on across its connections instead of starting each at 1. */
        boolean numbersOn;
        /** How far the client advances its transaction id per request. */
        int stride = 1;

        void connect(Consumer<OtEvent> out) {
            flow = new Flow(++flowIds, 0, Transport.TCP, HMI, port++, PLC, 502, 0x1100_0000_0010L, 0x2200_0000_0020L,
                    now, true);
            out.accept(new FlowStarted(flow, INPUT, ++frame, now));
            if (!numbersOn || txid == 0) {
                txid = 1;
            }
        }

        void close(Consumer<OtEvent> out) {
            out.accept(new FlowEnded(flow, FlowEnd.FIN, now, Optional.empty(), 1, 1, 100, 100, flow.totals()));
        }

        /** A poll (or every 25th id a setpoint write) with transaction id {@code id}, and its answer. */
        void request(int id, Consumer<OtEvent> out) {
            request(id, out, null);
        }

        void request(int id, Consumer<OtEvent> out, StreamContext gapped) {
            now += SECOND;
            boolean write = id % 25 == 0;
            OtMessage.Builder request = (gapped != null
                    ? OtMessage.builder(gapped, ModbusProtocol.DESCRIPTOR, MessageRole.REQUEST)
                    : OtMessage.builder(INPUT, ++frame, now, flow, Direction.TO_SERVER, ModbusProtocol.DESCRIPTOR,
                            MessageRole.REQUEST))
                    .unit(1).transactionId(id).sequence("transaction_id", 0, id, 16, 1);
            if (write) {
                request.function(6, "write_single_register", OperationClass.WRITE).range("holding_register", 10, 1)
                        .value("holding_register", 10, 15);
            } else {
                request.function(3, "read_holding_registers", OperationClass.READ).range("holding_register", 0, 2);
            }
            OtMessage sent = request.build();
            out.accept(sent);
            OtMessage.Builder response = OtMessage.builder(INPUT, ++frame, now + 5_000_000, flow, Direction.TO_CLIENT,
                    ModbusProtocol.DESCRIPTOR, MessageRole.RESPONSE).unit(1).transactionId(id)
                    .pairedWith(sent.frame(), sent.timestampNanos());
            if (write) {
                response.function(6, "write_single_register", OperationClass.WRITE).range("holding_register", 10, 1)
                        .value("holding_register", 10, 15);
            } else {
                response.function(3, "read_holding_registers", OperationClass.READ).range("holding_register", 0, 2)
                        .value("holding_register", 0, 7).value("holding_register", 1, 300);
            }
            out.accept(response.build());
        }

        /** {@code count} requests in the client's own numbering. */
        void run(int count, Consumer<OtEvent> out) {
            for (int i = 0; i < count; i++) {
                request(txid, out);
                txid += stride;
            }
        }

        /** Connections of 100 requests each. */
        void sessions(int connections, Consumer<OtEvent> out) {
            for (int c = 0; c < connections; c++) {
                connect(out);
                run(100, out);
                close(out);
            }
        }
    }

    private Baseline learn(Hmi hmi, Consumer<Consumer<OtEvent>> traffic) {
        Learner learner = new Learner(cells, new Baseline());
        traffic.accept(learner);
        return learner.baseline();
    }

    private static SequenceKey key() {
        return new SequenceKey(HMI, PLC, ModbusProtocol.DESCRIPTOR, "transaction_id", true);
    }

    private static Alert only(List<Alert> alerts) {
        List<Alert> matching = of(alerts, AlertKind.SEQUENCE_ANOMALY);
        assertEquals(1, matching.size(), "SEQUENCE_ANOMALY exactly once; alerts:" + describe(alerts));
        return matching.get(0);
    }

    @Test
    void learnsTheClientsDiscipline() {
        Hmi hmi = new Hmi();
        Baseline baseline = learn(hmi, out -> hmi.sessions(5, out));
        SequenceDiscipline learned = baseline.sequence(key());
        assertTrue(learned.kept(), learned.describe());
        assertEquals(5 * 99, learned.pairs());
        assertEquals(0, learned.step(), "advances by exactly one");
        assertEquals(1, learned.fixedStarts().length);
        assertEquals(1, learned.fixedStarts()[0]);
        assertEquals("advances by 1 in 495 of 495 pairs, 5 connections starting at 1", learned.describe());
    }

    @Test
    void aCleanContinuationRaisesNothing() {
        Hmi hmi = new Hmi();
        Baseline baseline = learn(hmi, out -> hmi.sessions(5, out));
        List<Alert> alerts = detect(baseline, cells, out -> hmi.sessions(3, out));
        assertEquals(List.of(), alerts, describe(alerts));
    }

    @Test
    void aRepeatedTransactionIdIsABreak() {
        Hmi hmi = new Hmi();
        Baseline baseline = learn(hmi, out -> hmi.sessions(5, out));
        List<Alert> alerts = detect(baseline, cells, out -> {
            hmi.connect(out);
            hmi.run(10, out);
            hmi.request(hmi.txid - 1, out);
            hmi.run(10, out);
        });
        Alert alert = only(alerts);
        assertEquals("transaction_id expected 11, seen 10: repeats 10 in read_holding_registers", alert.detail());
        assertEquals("transaction_id of client 10.0.1.10 advances by 1 in 495 of 495 pairs, 5 connections starting at 1",
                alert.baselineFact());
        assertEquals(Severity.MEDIUM, alert.severity());
    }

    @Test
    void oldTransactionIdsReplayedOnTheLiveConnectionAreABreak() {
        Hmi hmi = new Hmi();
        Baseline baseline = learn(hmi, out -> hmi.sessions(5, out));
        List<Alert> alerts = detect(baseline, cells, out -> {
            hmi.connect(out);
            hmi.run(60, out);
            for (int id = 20; id <= 26; id++) {
                hmi.request(id, out); // a recorded block, write 25 included
            }
        });
        Alert alert = only(alerts);
        assertTrue(alert.detail().startsWith("transaction_id expected 61, seen 20: jumps back by 40 from 60"),
                alert.detail());
    }

    @Test
    void anAdvanceShortOfALearnedStrideIsSaidAsSuch() {
        Hmi hmi = new Hmi();
        hmi.stride = 4;
        Baseline baseline = learn(hmi, out -> hmi.sessions(5, out));
        List<Alert> alerts = detect(baseline, cells, out -> {
            hmi.connect(out);
            hmi.run(10, out); // ids 1..37, next 41
            hmi.request(hmi.txid - 2, out);
        });
        Alert alert = only(alerts);
        assertEquals("transaction_id expected 41, seen 39: advances by 2 from 37 where it advanced by 4 in "
                + "read_holding_registers", alert.detail());
    }

    @Test
    void aSecondSenderInterleavingIsHigh() {
        Hmi hmi = new Hmi();
        Baseline baseline = learn(hmi, out -> hmi.sessions(5, out));
        List<Alert> alerts = detect(baseline, cells, out -> {
            hmi.connect(out);
            hmi.run(30, out);
            for (int injected = 0; injected < 3; injected++) {
                hmi.request(0x4000 + injected, out); // the injector's requests, numbered its own way
                hmi.run(2, out);
            }
        });
        List<Alert> found = of(alerts, AlertKind.SEQUENCE_ANOMALY);
        assertEquals(2, found.size(), describe(alerts));
        Alert broken = found.get(0);
        assertEquals("transaction_id expected 31, seen 16384: jumps ahead by 16353 in read_holding_registers",
                broken.detail());
        assertEquals(Severity.MEDIUM, broken.severity());
        Alert interleaving = found.get(1);
        assertEquals(Severity.HIGH, interleaving.severity());
        assertEquals(5, interleaving.count(), "each switch of sender after the first break");
        assertEquals("two senders interleave on transaction_id: 31 continues the sequence at 30 while the other is "
                + "at 16384 (expected 16385) in read_holding_registers", interleaving.detail());
    }

    @Test
    void aConnectionStartingWhereNoneStartsIsABreak() {
        Hmi hmi = new Hmi();
        Baseline baseline = learn(hmi, out -> hmi.sessions(5, out));
        List<Alert> alerts = detect(baseline, cells, out -> {
            hmi.connect(out);
            hmi.txid = 777;
            hmi.run(5, out);
        });
        assertEquals("a new connection starts transaction_id at 777; learned connections start at 1 in "
                + "read_holding_registers", only(alerts).detail());
    }

    @Test
    void nothingIsJudgedAcrossAStreamGap() {
        Hmi hmi = new Hmi();
        Baseline baseline = learn(hmi, out -> hmi.sessions(5, out));
        List<Alert> alerts = detect(baseline, cells, out -> {
            hmi.connect(out);
            hmi.run(10, out);
            StreamContext context = new StreamContext(hmi.flow, Direction.TO_SERVER, INPUT, ++hmi.frame, hmi.now);
            context.countGap(); // bytes lost: requests 11..19 never reached the dissector
            hmi.request(20, out, context);
            hmi.txid = 21;
            hmi.run(10, out);
        });
        assertEquals(List.of(), of(alerts, AlertKind.SEQUENCE_ANOMALY), describe(alerts));
    }

    @Test
    void noAlertWhereTheClientKeptNoDiscipline() {
        Hmi hmi = new Hmi();
        java.util.Random random = new java.util.Random(3);
        Baseline baseline = learn(hmi, out -> {
            hmi.connect(out);
            for (int i = 0; i < 300; i++) {
                hmi.request(random.nextInt(65536), out);
            }
        });
        assertFalse(baseline.sequence(key()).kept());
        List<Alert> alerts = detect(baseline, cells, out -> {
            hmi.request(5, out);
            hmi.request(5, out);
            hmi.request(4000, out);
        });
        assertEquals(List.of(), of(alerts, AlertKind.SEQUENCE_ANOMALY), describe(alerts));
    }

    @Test
    void disciplinesMergeAndSurviveTheCodec() throws Exception {
        Hmi hmi = new Hmi();
        Baseline first = learn(hmi, out -> hmi.sessions(2, out));
        Baseline second = learn(hmi, out -> hmi.sessions(3, out));
        Baseline merged = first.copy();
        merged.merge(second);
        SequenceDiscipline discipline = merged.sequence(key());
        assertEquals(5 * 99, discipline.pairs());
        assertEquals(5, discipline.starts());
        assertTrue(discipline.kept());
        Baseline decoded = BaselineCodec.decode(BaselineCodec.encode(merged), BaselineLimits.defaults());
        SequenceDiscipline back = decoded.sequence(key());
        assertEquals(discipline.describe(), back.describe());
        assertEquals(discipline.largestValue(), back.largestValue());
        assertEquals(16, back.bits());
        assertEquals(List.copyOf(merged.sequences().keySet()), List.copyOf(decoded.sequences().keySet()));
    }

    @Test
    void aCommandResentOnANewConnectionInTheClientsNumberingIsNoReplay() {
        Hmi hmi = new Hmi();
        Baseline baseline = learn(hmi, out -> hmi.sessions(5, out));
        // the write with id 25 was learned on every connection; a new connection sends it again in order
        List<Alert> alerts = detect(baseline, cells, out -> hmi.sessions(1, out));
        assertEquals(List.of(), of(alerts, AlertKind.REPLAYED_COMMAND), describe(alerts));
    }

    @Test
    void theSameCommandOutOfSequenceIsAReplay() {
        Hmi hmi = new Hmi();
        Baseline baseline = learn(hmi, out -> {
            hmi.connect(out);
            hmi.run(300, out); // ids past 255: not a small id space
            hmi.close(out);
            hmi.connect(out);
            hmi.run(10, out);
            hmi.close(out);
            hmi.connect(out);
            hmi.run(10, out);
            hmi.close(out);
        });
        List<Alert> alerts = detect(baseline, cells, out -> {
            hmi.connect(out);
            hmi.run(40, out);
            hmi.request(250, out); // the write learned with id 250 on the first connection, out of this one's order
        });
        assertFalse(of(alerts, AlertKind.REPLAYED_COMMAND).isEmpty(), describe(alerts));
        assertFalse(of(alerts, AlertKind.SEQUENCE_ANOMALY).isEmpty(), describe(alerts));
        List<String> kinds = new ArrayList<>();
        alerts.forEach(alert -> kinds.add(alert.kind().name()));
        assertTrue(kinds.contains("REPLAYED_COMMAND"), kinds.toString());
    }

    /**
     * A client numbering on across connections it reopens every 100 s (100 requests): each write
     * is learned on one connection only, so an identical copy on another is judged by the
     * reconnect habit. In detection it writes id 600 as its last request and, on a new
     * connection opened {@code pauseSeconds} later than its habit, sends the same write again.
     */
    private List<Alert> resendOnANewConnection(Baseline baseline, Hmi hmi, long pauseSeconds) {
        return detect(baseline, cells, out -> {
            hmi.connect(out);
            hmi.run(100, out);
            hmi.now += pauseSeconds * SECOND;
            hmi.connect(out);
            hmi.request(600, out);
            hmi.close(out);
        });
    }

    private Baseline reconnectingClient(Hmi hmi) {
        hmi.numbersOn = true;
        return learn(hmi, out -> hmi.sessions(5, out));
    }

    @Test
    void learnsTheClientsReconnectHabit() {
        Hmi hmi = new Hmi();
        Baseline baseline = reconnectingClient(hmi);
        ReconnectHabit habit = baseline.ipConversation(new IpConversationKey(HMI, PLC, Transport.TCP, 502)).reconnects();
        // five connections, each 100 requests a second apart: four intervals of 100 s between starts
        assertEquals(4, habit.count(), habit.describe());
        assertEquals(100_000, habit.minMillis());
        assertEquals(100_000, habit.maxMillis());
        assertTrue(habit.allows(100 * SECOND) && habit.allows(90 * SECOND) && habit.allows(120 * SECOND),
                habit.describe());
        assertFalse(habit.allows(10 * SECOND) || habit.allows(600 * SECOND), habit.describe());
        Baseline decoded = roundTrip(baseline);
        assertEquals(habit.describe(), decoded.ipConversation(new IpConversationKey(HMI, PLC, Transport.TCP, 502))
                .reconnects().describe());
    }

    @Test
    void aCommandResentOnANewConnectionWithinTheReconnectHabitIsNoReplay() {
        Hmi hmi = new Hmi();
        Baseline baseline = reconnectingClient(hmi);
        List<Alert> alerts = resendOnANewConnection(baseline, hmi, 0);
        assertEquals(List.of(), of(alerts, AlertKind.REPLAYED_COMMAND), describe(alerts));
    }

    @Test
    void aCommandResentOnANewConnectionOutsideTheReconnectHabitIsAReplay() {
        Hmi hmi = new Hmi();
        Baseline baseline = reconnectingClient(hmi);
        // the new connection opens half an hour later than the client ever reconnected
        List<Alert> alerts = resendOnANewConnection(baseline, hmi, 1800);
        Alert replay = of(alerts, AlertKind.REPLAYED_COMMAND).get(0);
        assertTrue(replay.baselineFact().contains("this connection started 1900.000 s after the previous one")
                && replay.baselineFact().contains("the client reconnects after"), replay.baselineFact());
    }

    @Test
    void aCommandResentOnANewConnectionByAClientThatNeverReconnectedIsAReplay() {
        Hmi hmi = new Hmi();
        hmi.numbersOn = true;
        Baseline baseline = learn(hmi, out -> {
            hmi.connect(out);
            hmi.run(500, out);
        });
        List<Alert> alerts = resendOnANewConnection(baseline, hmi, 0);
        Alert replay = of(alerts, AlertKind.REPLAYED_COMMAND).get(0);
        assertTrue(replay.baselineFact().contains("the client never reconnected while learning"), replay.baselineFact());
    }

    private static Baseline roundTrip(Baseline baseline) {
        try {
            return BaselineCodec.decode(BaselineCodec.encode(baseline), BaselineLimits.defaults());
        } catch (BaselineCodec.BaselineFormatException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
