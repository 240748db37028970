package otb.baseline.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.baseline.Detection.describe;
import static otb.baseline.Detection.detect;
import static otb.baseline.Detection.learn;
import static otb.baseline.Detection.of;
import static otb.baseline.Plant.MILLI;
import static otb.baseline.Plant.SECOND;

import java.util.List;
import java.util.Optional;
import otb.baseline.Detection;
import otb.baseline.Plant;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.AlertSink;
import otb.baseline.alert.Severity;
import otb.baseline.cells.Cells;
import otb.baseline.cells.CellsException;
import otb.baseline.learn.Learner;
import otb.baseline.model.Asset;
import otb.baseline.model.Baseline;
import otb.baseline.model.CellProgress;
import otb.baseline.model.Conversation;
import otb.baseline.model.ConversationKey;
import otb.baseline.model.PointKey;
import otb.baseline.model.RequestSignature;
import otb.baseline.model.ValueBehaviour;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.FlowListener.FlowEnd;
import otb.capture.IpAddress;
import otb.dissect.FlowEnded;
import otb.dissect.Malformed;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtMessage;
import otb.dissect.modbus.ModbusProtocol;
import otb.dissect.s7comm.S7Protocols;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * One test per alert kind that raises it exactly once from a minimal departure, and one where
 * it must not be raised. Every test learns 20 minutes of the synthetic {@link Plant} first.
 */
class DetectorTest {
    static final int LEARN_CYCLES = 1200;
    Plant plant;
    Baseline baseline;
    final Cells cells = Cells.automatic();

    @BeforeEach
    void learnPlant() {
        plant = new Plant(7);
        baseline = learn(plant, cells, LEARN_CYCLES);
    }

    private static Alert only(List<Alert> alerts, AlertKind kind) {
        List<Alert> matching = of(alerts, kind);
        assertEquals(1, matching.size(), kind + " exactly once; alerts:" + describe(alerts));
        return matching.get(0);
    }

    private static void none(List<Alert> alerts, AlertKind kind) {
        assertEquals(List.of(), of(alerts, kind), kind + " must not be raised; alerts:" + describe(alerts));
    }

    @Test
    void normalTrafficRaisesNothing() {
        List<Alert> alerts = detect(baseline, cells, out -> plant.run(1200, out));
        assertEquals(List.of(), alerts, "clean traffic:" + describe(alerts));
    }

    @Test
    void learnedModelHasWhatThePlantDid() {
        assertEquals(5, baseline.assets().size());
        assertEquals(2, baseline.conversations().size());
        assertEquals(3, baseline.ipConversations().size());
        Conversation a = baseline.conversation(new ConversationKey(Plant.HMI, Plant.PLC, ModbusProtocol.DESCRIPTOR, 1));
        assertTrue(a.writes());
        assertEquals(2, a.functions().size());
        RequestSignature poll = a.function(3, "read_holding_registers").signatures().get(0);
        long median = poll.cycle().medianMicros();
        assertTrue(Math.abs(median - 1_000_000) < 20_000, "median cycle " + median);
        assertTrue(poll.cycle().madMicros() > 5_000 && poll.cycle().madMicros() < 40_000, "MAD " + poll.cycle());
        assertEquals(ValueBehaviour.ANALOG, behaviour(0));
        assertEquals(ValueBehaviour.COUNTER, behaviour(1));
        assertEquals(ValueBehaviour.ENUMERATION, behaviour(2));
        assertEquals(ValueBehaviour.CONSTANT, behaviour(3));
        Asset hmi = baseline.asset(Plant.HMI);
        assertEquals("10.0.1.0/24", hmi.cell());
        assertTrue(hmi.roles().contains("modbus_client"));
        assertTrue(baseline.asset(Plant.PLC).roles().contains("modbus_server"));
        assertEquals("smb", baseline.ipConversations().stream()
                .filter(c -> c.key().serverPort() == 445).findFirst().orElseThrow().service());
        assertEquals(java.util.Set.of("modbus"), baseline.protocolsOf(Plant.HMI));
        assertEquals(java.util.Set.of("smb"), baseline.protocolsOf(Plant.EWS));
        CellProgress cell = baseline.cells().get("10.0.1.0/24");
        assertTrue(cell.completeness() > 0.5, "learning converged early: " + cell.completeness());
    }

    private ValueBehaviour behaviour(int register) {
        return baseline.point(new PointKey(Plant.PLC, ModbusProtocol.DESCRIPTOR, 1, "holding_register", register)).behaviour();
    }

    @Nested
    class NewAsset {
        @Test
        void raisedOnceForAnUnknownAddress() {
            IpAddress intruder = IpAddress.parse("10.0.1.99");
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(10, out);
                Flow first = plant.flow(intruder, 50001, Plant.PLC, 502);
                out.accept(plant.started(first));
                Flow second = plant.flow(intruder, 50002, Plant.PLC, 502);
                out.accept(plant.started(second));
                plant.run(10, out);
            });
            Alert alert = only(alerts, AlertKind.NEW_ASSET);
            assertEquals("10.0.1.99", alert.src());
            assertEquals("10.0.1.0/24", alert.cell());
            assertEquals(1, alert.frames().size());
            assertEquals(Plant.INPUT, alert.input());
        }

        @Test
        void severityFollowsTheCriticalityOfCellAndAsset() {
            Cells zoned = parse("""
                    cell line1 criticality high
                      cidr 10.0.1.0/24
                    asset 10.0.1.98 criticality low
                    """);
            Plant zonedPlant = new Plant(7);
            Baseline zonedBaseline = learn(zonedPlant, zoned, 300);
            List<Alert> alerts = detect(zonedBaseline, zoned, out -> {
                out.accept(zonedPlant.started(zonedPlant.flow(IpAddress.parse("10.0.1.99"), 50001, Plant.PLC, 80)));
                out.accept(zonedPlant.started(zonedPlant.flow(IpAddress.parse("10.0.1.98"), 50001, Plant.PLC, 80)));
            });
            List<Alert> assets = of(alerts, AlertKind.NEW_ASSET);
            assertEquals(List.of("10.0.1.99", "10.0.1.98"), assets.stream().map(Alert::src).toList());
            assertEquals(Severity.HIGH, assets.get(0).severity(), "medium, one up in a high-criticality cell");
            assertEquals(Severity.LOW, assets.get(1).severity(), "medium, one down for a low-criticality asset");
        }

        @Test
        void notRaisedForKnownAssetsOnNewConnections() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                out.accept(plant.started(plant.flow(Plant.HMI, 41000, Plant.PLC, 502)));
                plant.run(10, out);
            });
            none(alerts, AlertKind.NEW_ASSET);
        }
    }

    @Nested
    class NewConversation {
        @Test
        void raisedOnceForAKnownPairOnANewService() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                out.accept(plant.started(plant.flow(Plant.HMI, 41000, Plant.PLC2, 3389)));
                out.accept(plant.started(plant.flow(Plant.HMI, 41001, Plant.PLC2, 3389)));
                plant.run(5, out);
            });
            Alert alert = only(alerts, AlertKind.NEW_CONVERSATION);
            assertEquals("rdp", alert.protocol());
            assertEquals(Severity.HIGH, alert.severity(), "remote access is one step more severe");
            none(alerts, AlertKind.NEW_ASSET);
            none(alerts, AlertKind.CROSS_CELL_CONVERSATION);
        }

        @Test
        void notRaisedForANewConnectionOfALearnedConversation() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                out.accept(plant.started(plant.flow(Plant.EWS, 61000, Plant.FILES, 445)));
                plant.run(5, out);
            });
            none(alerts, AlertKind.NEW_CONVERSATION);
        }
    }

    @Nested
    class CrossCell {
        final Cells zoned = parse("""
                cell line1 criticality high
                  cidr 10.0.1.0/24
                cell line2
                  cidr 10.0.2.0/24
                conduit line1 -> line2 modbus
                """);
        final IpAddress remotePlc = IpAddress.parse("10.0.2.5");

        @Test
        void raisedOnceOutsideAConduit() {
            Plant zonedPlant = new Plant(7);
            Baseline zonedBaseline = learn(zonedPlant, zoned, LEARN_CYCLES);
            zonedBaseline.asset(remotePlc, "line2", Plant.START).addRole("modbus_server");
            List<Alert> alerts = detect(zonedBaseline, zoned, out -> {
                out.accept(zonedPlant.started(zonedPlant.flow(Plant.HMI, 41000, remotePlc, 445)));
                zonedPlant.run(3, out);
            });
            Alert alert = only(alerts, AlertKind.CROSS_CELL_CONVERSATION);
            assertEquals("line2", alert.cell());
            assertTrue(alert.baselineFact().contains("no conduit allows line1 -> line2 smb"), alert.baselineFact());
            none(alerts, AlertKind.NEW_CONVERSATION);
        }

        @Test
        void notRaisedInsideAConduit() {
            Plant zonedPlant = new Plant(7);
            Baseline zonedBaseline = learn(zonedPlant, zoned, LEARN_CYCLES);
            zonedBaseline.asset(remotePlc, "line2", Plant.START);
            List<Alert> alerts = detect(zonedBaseline, zoned, out -> {
                Flow flow = zonedPlant.flow(Plant.HMI, 41000, remotePlc, 502);
                out.accept(zonedPlant.started(flow));
                out.accept(zonedPlant.request(flow, zonedPlant.now, 3, "read_holding_registers", OperationClass.READ, 1)
                        .range("holding_register", 0, 1).build());
            });
            none(alerts, AlertKind.CROSS_CELL_CONVERSATION);
            assertEquals(1, of(alerts, AlertKind.NEW_CONVERSATION).size(), describe(alerts));
        }
    }

    static Cells parse(String text) {
        try {
            return Cells.parse(text, "test");
        } catch (CellsException e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    class NewFunctionCode {
        @Test
        void raisedOnceForAFunctionTheConversationNeverUsed() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                for (int i = 0; i < 3; i++) {
                    out.accept(plant.request(plant.flowA, plant.now + MILLI, 43, "read_device_identification",
                            OperationClass.DIAGNOSTIC, plant.nextTxid()).build());
                }
                plant.run(5, out);
            });
            Alert alert = only(alerts, AlertKind.NEW_FUNCTION_CODE);
            assertEquals(43, alert.function().getAsInt());
            assertEquals("read_device_identification", alert.functionName());
            assertTrue(alert.baselineFact().contains("3 read_holding_registers"), alert.baselineFact());
        }

        @Test
        void notRaisedForLearnedFunctions() {
            none(detect(baseline, cells, out -> plant.run(100, out)), AlertKind.NEW_FUNCTION_CODE);
        }
    }

    @Nested
    class NewWriter {
        @Test
        void raisedOnceWhenAReadOnlyConversationWrites() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                for (int i = 0; i < 2; i++) {
                    out.accept(plant.request(plant.flowB, plant.now + MILLI, 6, "write_single_register",
                            OperationClass.WRITE, plant.nextTxid()).range("holding_register", 1, 1)
                            .value("holding_register", 1, 0).build());
                }
                plant.run(5, out);
            });
            Alert alert = only(alerts, AlertKind.NEW_WRITER);
            assertEquals("10.0.1.21", alert.dst());
            none(alerts, AlertKind.NEW_FUNCTION_CODE);
        }

        @Test
        void notRaisedForAConversationThatAlwaysWrote() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                plant.write(plant.now + MILLI, 10, 15, out);
                plant.run(5, out);
            });
            none(alerts, AlertKind.NEW_WRITER);
            assertEquals(List.of(), alerts, describe(alerts));
        }
    }

    @Nested
    class WriteOutsideLearnedRange {
        @Test
        void raisedOnceForARegisterNeverWritten() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                plant.write(plant.now + MILLI, 11, 15, out);
                plant.write(plant.now + 100 * MILLI, 11, 15, out);
                plant.run(5, out);
            });
            Alert alert = only(alerts, AlertKind.WRITE_OUTSIDE_LEARNED_RANGE);
            assertEquals("holding_register:10-10", alert.baselineFact().replaceAll(".* on ", ""));
            assertEquals("writes a new point holding_register:11-11, of a kind it writes on this device",
                    alert.detail());
            assertEquals(Severity.LOW, alert.severity(), "a writer's new point of a kind it writes is low");
        }

        @Test
        void raisedHighForAKindOfPointItsFunctionNeverWrote() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                plant.now += MILLI;
                OtMessage coil = plant.request(plant.flowA, plant.now, 6, "write_single_register", OperationClass.WRITE,
                        plant.nextTxid()).range("coil", 3, 1).value("coil", 3, 1).build();
                out.accept(coil);
                plant.run(5, out);
            });
            Alert alert = only(alerts, AlertKind.WRITE_OUTSIDE_LEARNED_RANGE);
            assertEquals(Severity.HIGH, alert.severity());
            assertEquals("writes coil:3-3, a kind of point write_single_register never wrote on this device",
                    alert.detail());
        }

        @Test
        void raisedOnceForASetpointOutsideItsEnvelope() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                plant.write(plant.now + MILLI, 10, 500, out);
                plant.run(5, out);
            });
            Alert alert = only(alerts, AlertKind.WRITE_OUTSIDE_LEARNED_RANGE);
            assertEquals("writes 500 to holding_register:10", alert.detail());
        }

        @Test
        void notRaisedForASetpointNearItsLearnedValues() {
            // learned 10..20; 21 was never written, but it is within the envelope widened by the largest step
            List<Alert> alerts = detect(baseline, cells, out -> plant.write(plant.now + MILLI, 10, 21, out));
            none(alerts, AlertKind.WRITE_OUTSIDE_LEARNED_RANGE);
        }

        @Test
        void notRaisedForALearnedSetpointValue() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                plant.write(plant.now + MILLI, 10, 13, out);
                plant.run(5, out);
            });
            none(alerts, AlertKind.WRITE_OUTSIDE_LEARNED_RANGE);
        }
    }

    @Nested
    class ProgramOrStop {
        @Test
        void raisedOnceAsCriticalWhenNeverLearned() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                // a PLC stop (S7 job function 0x29) where this client only ever spoke Modbus
                out.accept(plant.request(S7Protocols.S7COMM, plant.flowA, plant.now + MILLI, 0x29, "plc_stop",
                        OperationClass.CONTROL, plant.nextTxid()).build());
                plant.run(5, out);
            });
            Alert alert = only(alerts, AlertKind.PROGRAM_OR_STOP);
            assertEquals(Severity.CRITICAL, alert.severity());
            none(alerts, AlertKind.NEW_FUNCTION_CODE);
        }

        @Test
        void raisedAsMediumWhenTheConversationDidItWhileLearning() {
            Learner more = new Learner(cells, baseline);
            more.accept(plant.request(plant.flowA, plant.now, 90, "umas_download_block", OperationClass.PROGRAM,
                    plant.nextTxid()).build());
            List<Alert> alerts = detect(baseline, cells, out -> out.accept(plant.request(plant.flowA,
                    plant.now + SECOND, 90, "umas_download_block", OperationClass.PROGRAM, plant.nextTxid()).build()));
            assertEquals(Severity.MEDIUM, only(alerts, AlertKind.PROGRAM_OR_STOP).severity());
        }

        @Test
        void notRaisedForReadsAndWrites() {
            none(detect(baseline, cells, out -> plant.run(100, out)), AlertKind.PROGRAM_OR_STOP);
        }

        @Test
        void notRaisedForLinkLayerResets() {
            // DNP3 link functions are named reset_link_states / reset_user_process; they restart nothing
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                out.accept(plant.request(plant.flowA, plant.now + MILLI, 0, "reset_link_states", OperationClass.LINK,
                        plant.nextTxid()).build());
                plant.run(5, out);
            });
            none(alerts, AlertKind.PROGRAM_OR_STOP);
        }
    }

    @Nested
    class ValueOutOfRange {
        @Test
        void raisedOnceForAnAnalogValueFarOutsideItsEnvelope() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                for (int i = 0; i < 3; i++) {
                    OtMessage request = plant.request(plant.flowA, plant.now, 3, "read_holding_registers",
                            OperationClass.READ, plant.nextTxid()).range("holding_register", 0, 4).build();
                    out.accept(request);
                    out.accept(plant.readResponse(plant.flowA, plant.now + 5 * MILLI, request, 500, plant.counter, 0, 42));
                    plant.advance(SECOND);
                }
                plant.run(5, out);
            });
            Alert alert = only(alerts, AlertKind.VALUE_OUT_OF_RANGE);
            assertEquals(3, alert.count());
            assertEquals("holding_register:0 = 500", alert.detail());
            assertTrue(alert.baselineFact().startsWith("holding_register:0 analog envelope ["), alert.baselineFact());
        }

        @Test
        void raisedOnceForAStateNeverSeen() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                OtMessage request = plant.request(plant.flowA, plant.now, 3, "read_holding_registers",
                        OperationClass.READ, plant.nextTxid()).range("holding_register", 0, 4).build();
                out.accept(request);
                out.accept(plant.readResponse(plant.flowA, plant.now + 5 * MILLI, request, 50, plant.counter, 7, 42));
            });
            assertEquals("holding_register:2 = 7", only(alerts, AlertKind.VALUE_OUT_OF_RANGE).detail());
        }

        @Test
        void notRaisedForValuesMovingWithinTheirEnvelope() {
            none(detect(baseline, cells, out -> plant.run(600, out)), AlertKind.VALUE_OUT_OF_RANGE);
        }
    }

    @Nested
    class ReplayedCommand {
        @Test
        void raisedOnceForALearnedWriteSentAgainOnANewConnection() {
            OtMessage recorded = plant.lastWrite;
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                Flow attacker = plant.flow(Plant.HMI, 45000, Plant.PLC, 502);
                out.accept(plant.started(attacker));
                out.accept(replay(recorded, attacker, plant.now + MILLI));
                plant.run(5, out);
            });
            Alert alert = only(alerts, AlertKind.REPLAYED_COMMAND);
            assertTrue(alert.baselineFact().contains("on another connection"), alert.baselineFact());
        }

        @Test
        void notRaisedForARetransmissionOnTheSameConnection() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                plant.write(plant.now + MILLI, 10, 14, out);
                OtMessage again = replay(plant.lastWrite, plant.flowA, plant.now + 200 * MILLI);
                out.accept(again);
                plant.run(5, out);
            });
            none(alerts, AlertKind.REPLAYED_COMMAND);
        }

        @Test
        void notRaisedForACommandTheClientSentOnSeveralConnectionsWhileLearning() {
            // dnp3_example.pcap: the master opens a connection per cycle and sends the same
            // select/operate bytes each time; that habit is learned, so repeats are no replay
            Learner more = new Learner(cells, baseline);
            OtMessage recorded = plant.lastWrite;
            for (int port : new int[] {46000, 46001}) {
                Flow habit = plant.flow(Plant.HMI, port, Plant.PLC, 502);
                more.accept(plant.started(habit));
                more.accept(replay(recorded, habit, plant.now + SECOND));
            }
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                Flow again = plant.flow(Plant.HMI, 46002, Plant.PLC, 502);
                out.accept(plant.started(again));
                out.accept(replay(recorded, again, plant.now + MILLI));
                Flow andAgain = plant.flow(Plant.HMI, 46003, Plant.PLC, 502);
                out.accept(plant.started(andAgain));
                out.accept(replay(recorded, andAgain, plant.now + SECOND));
                plant.run(5, out);
            });
            none(alerts, AlertKind.REPLAYED_COMMAND);
        }

        private OtMessage replay(OtMessage recorded, Flow flow, long t) {
            plant.now = t;
            return OtMessage.builder(Plant.INPUT, ++plant.frame, t, flow, Direction.TO_SERVER, ModbusProtocol.DESCRIPTOR,
                            MessageRole.REQUEST).unit(recorded.unit())
                    .function(recorded.function().getAsInt(), recorded.functionName(), recorded.operation())
                    .transactionId(recorded.transactionId().getAsLong())
                    .range("holding_register", recorded.ranges().get(0).start(), 1)
                    .value("holding_register", recorded.values().get(0).address(), recorded.values().get(0).value())
                    .build();
        }
    }

    @Nested
    class ReplayedValues {
        @Test
        void raisedOnceWhenAnEarlierWindowIsPlayedBack() {
            List<Double> recorded = List.copyOf(plant.analogHistory.subList(300, 340));
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                for (double value : recorded) {
                    OtMessage request = plant.request(plant.flowA, plant.now, 3, "read_holding_registers",
                            OperationClass.READ, plant.nextTxid()).range("holding_register", 0, 4).build();
                    out.accept(request);
                    plant.counter += 2;
                    out.accept(plant.readResponse(plant.flowA, plant.now + 5 * MILLI, request, value, plant.counter,
                            plant.enumeration, 42));
                    plant.advance(SECOND);
                }
            });
            Alert alert = only(alerts, AlertKind.REPLAYED_VALUES);
            assertTrue(alert.detail().startsWith("holding_register:0"), alert.detail());
        }

        @Test
        void raisedWhenOnlyOneClientGetsThePlayback() {
            List<Double> recorded = List.copyOf(plant.analogHistory.subList(500, 540));
            Flow otherClient = plant.flow(IpAddress.parse("10.0.1.11"), 40100, Plant.PLC, 502);
            java.util.Random real = new java.util.Random(5);
            List<Alert> alerts = detect(baseline, cells, out -> {
                for (double value : recorded) {
                    OtMessage request = plant.request(plant.flowA, plant.now, 3, "read_holding_registers",
                            OperationClass.READ, plant.nextTxid()).range("holding_register", 0, 4).build();
                    out.accept(request);
                    plant.counter += 2;
                    out.accept(plant.readResponse(plant.flowA, plant.now + 5 * MILLI, request, value, plant.counter,
                            plant.enumeration, 42));
                    // the other HMI reads the real, moving value in between
                    OtMessage other = plant.request(otherClient, plant.now + 100 * MILLI, 3, "read_holding_registers",
                            OperationClass.READ, plant.nextTxid()).range("holding_register", 0, 4).build();
                    out.accept(other);
                    out.accept(plant.readResponse(otherClient, plant.now + 5 * MILLI, other,
                            50 + real.nextGaussian() * 3, plant.counter, plant.enumeration, 42));
                    plant.advance(SECOND);
                }
            });
            assertEquals("10.0.1.10", only(alerts, AlertKind.REPLAYED_VALUES).src());
        }

        @Test
        void notRaisedForAVaryingSignal() {
            none(detect(baseline, cells, out -> plant.run(1200, out)), AlertKind.REPLAYED_VALUES);
        }
    }

    @Nested
    class FrozenValue {
        @Test
        void raisedOnceWhenAnAnalogValueStopsMoving() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                plant.frozenAnalog = 51.25;
                plant.run(60, out);
            });
            Alert alert = only(alerts, AlertKind.FROZEN_VALUE);
            assertTrue(alert.detail().startsWith("holding_register:0 stuck at 51.25 for 20 updates"), alert.detail());
        }

        @Test
        void notRaisedForConstantsAndMovingValues() {
            none(detect(baseline, cells, out -> plant.run(600, out)), AlertKind.FROZEN_VALUE);
        }
    }

    @Nested
    class CycleDeviation {
        @Test
        void raisedOnceWhenThePollingCycleDoubles() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(20, out);
                plant.cycleNanos = 2 * SECOND;
                plant.run(60, out);
            });
            List<Alert> matching = of(alerts, AlertKind.CYCLE_DEVIATION);
            assertEquals(2, matching.size(), "once per polled signature (A and B):" + describe(alerts));
            assertEquals(List.of("10.0.1.20", "10.0.1.21"), matching.stream().map(Alert::dst).toList());
            assertTrue(matching.get(0).detail().contains(" 1.9"), matching.get(0).detail());
        }

        @Test
        void notRaisedForNormalJitter() {
            none(detect(baseline, cells, out -> plant.run(1200, out)), AlertKind.CYCLE_DEVIATION);
        }
    }

    @Nested
    class ChannelSilent {
        @Test
        void raisedOnceWhenAPollingChannelStops() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(20, out);
                plant.pollA = false;
                plant.run(60, out);
            });
            Alert alert = only(alerts, AlertKind.CHANNEL_SILENT);
            assertEquals("10.0.1.20", alert.dst());
            none(alerts, AlertKind.NO_RESPONSE);
        }

        @Test
        void notRaisedWhenTheCaptureEnds() {
            none(detect(baseline, cells, out -> plant.run(20, out)), AlertKind.CHANNEL_SILENT);
        }
    }

    @Nested
    class NoResponse {
        @Test
        void raisedOnceWhenRequestsStopBeingAnswered() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(20, out);
                plant.answer = false;
                plant.run(30, out);
            });
            List<Alert> matching = of(alerts, AlertKind.NO_RESPONSE);
            assertEquals(2, matching.size(), "one per conversation (A and B):" + describe(alerts));
            assertEquals(1, matching.stream().filter(a -> a.dst().equals("10.0.1.20")).count());
        }

        @Test
        void notRaisedForAnsweredRequests() {
            none(detect(baseline, cells, out -> plant.run(300, out)), AlertKind.NO_RESPONSE);
        }
    }

    @Nested
    class Flood {
        @Test
        void raisedOnceForABurstOfRequests() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                long t = plant.now;
                for (int i = 0; i < 300; i++) {
                    out.accept(plant.request(plant.flowA, t + i * 2 * MILLI, 3, "read_holding_registers",
                            OperationClass.READ, plant.nextTxid()).range("holding_register", 0, 4).build());
                }
                plant.now = t + SECOND;
                plant.run(5, out);
            });
            Alert alert = only(alerts, AlertKind.FLOOD);
            assertTrue(alert.baselineFact().startsWith("learned peak 2 requests/s"), alert.baselineFact());
        }

        @Test
        void notRaisedAtTheLearnedRate() {
            none(detect(baseline, cells, out -> plant.run(300, out)), AlertKind.FLOOD);
        }
    }

    @Nested
    class Scan {
        @Test
        void raisedOnceForAUnitIdSweep() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                for (int unit = 2; unit <= 20; unit++) {
                    out.accept(OtMessage.builder(Plant.INPUT, ++plant.frame, plant.now + unit * MILLI, plant.flowA,
                                    Direction.TO_SERVER, ModbusProtocol.DESCRIPTOR, MessageRole.REQUEST).unit(unit)
                            .function(43, "read_device_identification", OperationClass.DIAGNOSTIC).build());
                }
                plant.run(5, out);
            });
            Alert alert = only(alerts, AlertKind.SCAN);
            // the one alert summarises the whole sweep: every unit, not just the 5 that made it a scan
            assertTrue(alert.detail().startsWith("19 novel unit ids from 10.0.1.10 in 0.018 s: servers 10.0.1.20, "
                    + "units 2..20; "), alert.detail());
            assertEquals(15, alert.count(), "the 5th unit raised it, the 14 after it folded in");
            assertEquals(19, only(alerts, AlertKind.NEW_CONVERSATION).count(), "one per unit, folded");
        }

        @Test
        void notRaisedForOneNewUnit() {
            List<Alert> alerts = detect(baseline, cells, out -> out.accept(OtMessage.builder(Plant.INPUT, ++plant.frame,
                    plant.now, plant.flowA, Direction.TO_SERVER, ModbusProtocol.DESCRIPTOR, MessageRole.REQUEST).unit(2)
                    .function(3, "read_holding_registers", OperationClass.READ).build()));
            none(alerts, AlertKind.SCAN);
        }
    }

    @Nested
    class ExceptionBurst {
        @Test
        void raisedOnceForManyExceptionsInAFewSeconds() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                for (int i = 0; i < 12; i++) {
                    out.accept(plant.response(plant.flowA, plant.now + i * 100 * MILLI, 3, "read_holding_registers",
                            OperationClass.READ, plant.nextTxid()).exception(2, "illegal_data_address").build());
                }
                plant.run(5, out);
            });
            assertTrue(only(alerts, AlertKind.EXCEPTION_BURST).detail().startsWith("5 exceptions in 5 responses"));
        }

        @Test
        void notRaisedForASingleException() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                out.accept(plant.response(plant.flowA, plant.now, 3, "read_holding_registers", OperationClass.READ,
                        plant.nextTxid()).exception(4, "server_device_failure").build());
                plant.run(5, out);
            });
            none(alerts, AlertKind.EXCEPTION_BURST);
        }
    }

    @Nested
    class MalformedFrames {
        @Test
        void raisedOnceAndCounted() {
            List<Alert> alerts = detect(baseline, cells, out -> {
                plant.run(5, out);
                for (int i = 0; i < 3; i++) {
                    out.accept(new Malformed(plant.flowA, Direction.TO_SERVER, ModbusProtocol.DESCRIPTOR, Plant.INPUT, ++plant.frame,
                            plant.now + i, "bad_protocol_id", 12));
                }
                plant.run(5, out);
            });
            Alert alert = only(alerts, AlertKind.MALFORMED);
            assertEquals(3, alert.count());
            assertEquals(3, alert.frames().size());
        }

        @Test
        void notRaisedForWellFormedTraffic() {
            none(detect(baseline, cells, out -> plant.run(100, out)), AlertKind.MALFORMED);
        }
    }

    @Nested
    class LiveCaptureKinds {
        @Test
        void captureLossAndNoTrafficAreRaisedOnceEach() {
            Detection.Collecting sink = new Detection.Collecting();
            Detector detector = new Detector(cells, baseline, DetectionConfig.defaults(), List.of(sink));
            detector.reportCaptureLoss(Plant.START, "eth1", 10);
            detector.reportCaptureLoss(Plant.START + SECOND, "eth1", 5);
            detector.reportNoTraffic(Plant.START + 2 * SECOND, "eth1", 60 * SECOND);
            try {
                detector.finish();
            } catch (AlertSink.AlertSinkException e) {
                throw new AssertionError(e);
            }
            assertEquals(2, only(sink.alerts, AlertKind.CAPTURE_LOSS).count());
            only(sink.alerts, AlertKind.NO_TRAFFIC);
        }
    }

    @Test
    void deduplicationWindowSplitsOccurrencesFarApart() {
        DetectionConfig shortWindow = DetectionConfig.defaults().withDedupWindow(10 * SECOND);
        List<Alert> alerts = detect(baseline, cells, shortWindow, out -> {
            for (int i = 0; i < 3; i++) {
                out.accept(new Malformed(plant.flowA, Direction.TO_SERVER, ModbusProtocol.DESCRIPTOR, Plant.INPUT, ++plant.frame,
                        plant.now + i * 30 * SECOND, "bad_length", 3));
            }
        });
        assertEquals(3, of(alerts, AlertKind.MALFORMED).size(), describe(alerts));
        // a live sink hears of each alert when it opens, before the window closes
        Detection.Collecting live = new Detection.Collecting();
        Detector detector = new Detector(cells, baseline, shortWindow, List.of(live));
        detector.accept(new Malformed(plant.flowA, Direction.TO_SERVER, ModbusProtocol.DESCRIPTOR, Plant.INPUT, ++plant.frame,
                plant.now + 100 * SECOND, "bad_length", 3));
        assertEquals(1, live.opened.size());
        assertEquals(List.of(), live.alerts, "final only when its window closes or the input ends");
        assertFalse(alerts.get(0).id().equals(alerts.get(1).id()));
    }

    @Test
    void sameInputGivesIdenticalAlerts() {
        Plant again = new Plant(7);
        Baseline learnedAgain = learn(again, cells, LEARN_CYCLES);
        List<String> first = detect(baseline, cells, out -> {
            plant.frozenAnalog = 40.0;
            plant.run(100, out);
        }).stream().map(Alert::jsonLine).toList();
        List<String> second = detect(learnedAgain, cells, out -> {
            again.frozenAnalog = 40.0;
            again.run(100, out);
        }).stream().map(Alert::jsonLine).toList();
        assertFalse(first.isEmpty());
        assertEquals(first, second);
    }

    @Test
    void flowEndForgetsFlowState() {
        List<Alert> alerts = detect(baseline, cells, out -> {
            plant.run(3, out);
            out.accept(new FlowEnded(plant.flowA, FlowEnd.FIN, plant.now, Optional.of(ModbusProtocol.DESCRIPTOR), 1, 1, 1, 1, plant.flowA.totals()));
            plant.run(3, out);
        });
        assertEquals(List.of(), alerts, describe(alerts));
    }
}
