package otb.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        return builder.start("f.pcap", 9, 5_000, FLOW, Direction.TO_CLIENT, Protocol.MODBUS, MessageRole.RESPONSE)
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
        OtMessage made = new OtMessage("f.pcap", 9, 5_000, FLOW, Direction.TO_CLIENT, Protocol.MODBUS,
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
        OtMessage second = builder.start("f.pcap", 10, 6_000, FLOW, Direction.TO_SERVER, Protocol.MODBUS,
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
}
