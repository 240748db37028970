package otb.dissect;

import otb.dissect.modbus.ModbusProtocol;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.capture.Transport;

class OtMessageTest {
    private static final Flow FLOW = new Flow(1, 0, Transport.TCP, IpAddress.parse("10.0.0.1"), 40000,
            IpAddress.parse("10.0.0.2"), 502, 0, 0, 0, true);

    private static OtMessage.Builder response(OtMessage.Builder builder) {
        return builder.start("f.pcap", 9, 5_000, FLOW, Direction.TO_CLIENT, ModbusProtocol.DESCRIPTOR, MessageRole.RESPONSE)
                .unit(17)
                .transactionId(70_000)
                .function(3, "read_holding_registers", OperationClass.READ)
                .range("holding_register", 107, 3)
                .pairedWith(8, 4_000)
                .anomaly("late_response");
    }

    @Test
    void builtMessageEqualsTheOneMadeFromAllComponents() {
        OtMessage built = response(OtMessage.reusableBuilder()).build();
        OtMessage made = new OtMessage("f.pcap", 9, 5_000, FLOW, Direction.TO_CLIENT, ModbusProtocol.DESCRIPTOR,
                MessageRole.RESPONSE, 17, OptionalInt.of(3), "read_holding_registers", OperationClass.READ,
                OptionalLong.of(70_000), 0, "", new ArrayList<>(List.of(new PointRange("holding_register", 107, 3))),
                List.of(), Map.of(), OptionalLong.of(1_000), OptionalLong.of(8), List.of("late_response"),
                ProtocolDetail.NONE);
        assertEquals(made, built);
        assertEquals(made.hashCode(), built.hashCode());
        assertEquals(made.toString(), built.toString());
        assertEquals(OptionalLong.of(70_000), built.transactionId());
        assertEquals(OptionalLong.of(1_000), built.latencyNanos());
        assertEquals(OptionalLong.of(8), built.requestFrame());
        assertEquals(OptionalInt.of(3), built.function());
        // Collections handed in are copied: the message does not change with them.
        assertThrows(UnsupportedOperationException.class, () -> made.ranges().add(null));
    }

    @Test
    void absentNumbersStayAbsentAndAReusedBuilderForgetsThePreviousMessage() {
        OtMessage.Builder builder = OtMessage.reusableBuilder();
        OtMessage first = response(builder).build();
        OtMessage second = builder.start("f.pcap", 10, 6_000, FLOW, Direction.TO_SERVER, ModbusProtocol.DESCRIPTOR,
                MessageRole.REQUEST).noFunction("link", OperationClass.OTHER).build();
        assertEquals(OptionalInt.empty(), second.function());
        assertEquals(OptionalLong.empty(), second.transactionId());
        assertEquals(OptionalLong.empty(), second.latencyNanos());
        assertEquals(OptionalLong.empty(), second.requestFrame());
        assertEquals(List.of(), second.ranges());
        assertEquals(List.of(), second.anomalies());
        assertEquals(0, second.unit());
        assertNotEquals(first, second);
        // The first message is unchanged by the builder's reuse.
        assertEquals(response(OtMessage.reusableBuilder()).build(), first);
    }

    @Test
    void aReusedBuilderSharesTheListOfARepeatedRange() {
        OtMessage.Builder builder = OtMessage.reusableBuilder();
        OtMessage first = response(builder).build();
        OtMessage again = response(builder).build();
        assertSame(first.ranges(), again.ranges());
        OtMessage other = response(builder).range("coil", 1, 1).build();
        assertEquals(List.of(new PointRange("holding_register", 107, 3), new PointRange("coil", 1, 1)),
                other.ranges());
        assertEquals(List.of(new PointRange("holding_register", 107, 3)), first.ranges());
    }

    @Test
    void aSharedMessageIsOneObjectValidUntilExpiredAndItsRetainedCopyOutlivesIt() {
        OtMessage.Builder builder = OtMessage.reusableBuilder();
        OtMessage shared = response(builder).buildShared();
        OtMessage immutable = response(OtMessage.reusableBuilder()).build();
        assertTrue(shared.isShared());
        assertFalse(immutable.isShared());
        assertSame(immutable, immutable.retain());
        assertEquals(immutable, shared);
        OtMessage kept = shared.retain();
        assertFalse(kept.isShared());
        assertEquals(immutable, kept);
        builder.expireShared();
        assertThrows(IllegalStateException.class, shared::unit);
        assertThrows(IllegalStateException.class, shared::values);
        assertThrows(IllegalStateException.class, shared::retain);
        assertEquals(17, kept.unit());
        // The next message reuses the object and forgets the previous one's extras.
        OtMessage next = builder.start("f.pcap", 10, 6_000, FLOW, Direction.TO_SERVER, ModbusProtocol.DESCRIPTOR,
                MessageRole.REQUEST).unit(3).buildShared();
        assertSame(shared, next);
        assertEquals(List.of(), next.anomalies());
        assertEquals(List.of(), next.ranges());
        assertEquals(OptionalLong.empty(), next.requestFrame());
    }

    @Test
    void theOneCallSharedBuildSaysWhatTheBuilderSteps() {
        OtMessage.Builder builder = OtMessage.reusableBuilder();
        ProtocolDetail detail = () -> Map.of("k", 1);
        OtMessage stepwise = builder.start("f.pcap", 9, 5_000, FLOW, Direction.TO_CLIENT, ModbusProtocol.DESCRIPTOR,
                        MessageRole.RESPONSE).unit(17).transactionId(70_000)
                .function(3, "read_holding_registers", OperationClass.READ)
                .ranges(List.of(new PointRange("holding_register", 107, 3)))
                .values(List.of(new PointValue("holding_register", 107, 5)))
                .detail(detail).pairedWith(8, 4_000).build();
        // A general build with extras first: the one-call build must clear them.
        response(builder).exception(2, "illegal_data_address").identity("vendor", "x").buildShared();
        StreamContext context = new StreamContext(FLOW, Direction.TO_CLIENT, "f.pcap", 9, 5_000);
        OtMessage oneCall = builder.buildShared(context, ModbusProtocol.DESCRIPTOR, MessageRole.RESPONSE, 17, 70_000, 3,
                new MessageParts("read_holding_registers", OperationClass.READ,
                        List.of(new PointRange("holding_register", 107, 3))),
                List.of(new PointValue("holding_register", 107, 5)), null, () -> detail, 8, 4_000);
        assertEquals(stepwise, oneCall);
        assertEquals(stepwise.toString(), oneCall.toString());
        // Values and detail carried by the parts (a request's, shared by every message of its
        // PDU) read as the message's own would.
        OtMessage carried = builder.buildShared(context, ModbusProtocol.DESCRIPTOR, MessageRole.RESPONSE, 17, 70_000, 3,
                new MessageParts("read_holding_registers", OperationClass.READ,
                        List.of(new PointRange("holding_register", 107, 3)),
                        List.of(new PointValue("holding_register", 107, 5)), detail),
                null, null, null, 8, 4_000);
        assertEquals(stepwise, carried);
        assertEquals(stepwise.hashCode(), carried.hashCode());
        assertEquals(stepwise.toString(), carried.toString());
        assertEquals(stepwise, carried.retain());
        OtMessage unpaired = builder.buildShared(context, ModbusProtocol.DESCRIPTOR, MessageRole.REQUEST, 17, 1, 3,
                new MessageParts("r", OperationClass.READ, List.of()), List.of(), ProtocolDetail.NONE, null, -1, 0);
        assertEquals(OptionalLong.empty(), unpaired.requestFrame());
        assertEquals(OptionalLong.empty(), unpaired.latencyNanos());
        assertEquals(MessageRole.REQUEST, unpaired.role());
    }

    @Test
    void aPointWindowReadsInPlaceAndCopiesOut() {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(new byte[] {9, 0x12, 0x34, (byte) 0xFF, (byte) 0xFE, 0b101});
        PointWindow window = new PointWindow().unsignedShorts("holding_register", 100, bytes, 1, 2);
        assertEquals(List.of(new PointValue("holding_register", 100, 0x1234),
                new PointValue("holding_register", 101, 0xFFFE)), window);
        PointRun copy = window.copy();
        bytes.put(1, (byte) 0);
        assertEquals(0x1234, copy.valueAt(0));
        assertEquals(0x0034, window.valueAt(0));
        window.bits("coil", 7, bytes, 5, 3);
        assertEquals(List.of(1, 0, 1), List.of(window.valueAt(0), window.valueAt(1), window.valueAt(2)));
        assertEquals(window, window.copy());
        assertThrows(IndexOutOfBoundsException.class, () -> window.valueAt(3));
        assertThrows(IndexOutOfBoundsException.class,
                () -> new PointWindow().unsignedShorts("holding_register", 0, bytes, 4, 2));
    }
}
