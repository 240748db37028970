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
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.modbus.ModbusProtocol;
import org.junit.jupiter.api.Test;

class OtMessageTest {
    private static final Flow FLOW = new Flow(1, 0, Transport.TCP, IpAddress.parse("10.0.0.1"), 40000,
            IpAddress.parse("10.0.0.2"), 502, 0, 0, 0, true);

    private static OtMessage.Builder response() {
        return OtMessage.builder("f.pcap", 9, 5_000, FLOW, Direction.TO_CLIENT, ModbusProtocol.DESCRIPTOR, MessageRole.RESPONSE)
                .unit(17)
                .transactionId(70_000)
                .function(3, "read_holding_registers", OperationClass.READ)
                .range("holding_register", 107, 3)
                .pairedWith(8, 4_000)
                .anomaly("late_response");
    }

    @Test
    void builtMessageEqualsTheOneMadeFromAllComponents() {
        OtMessage built = response().build();
        OtMessage made = new OtMessage("f.pcap", 9, 5_000, FLOW, Direction.TO_CLIENT, ModbusProtocol.DESCRIPTOR,
                MessageRole.RESPONSE, 17, OptionalInt.of(3), "read_holding_registers", OperationClass.READ,
                OptionalLong.of(70_000), 0, "", new ArrayList<>(List.of(new PointRange("holding_register", 107, 3))),
                List.of(), Map.of(), OptionalLong.of(1_000), OptionalLong.of(8), List.of("late_response"),
                ProtocolDetail.NONE, List.of());
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
    void aMessageDoesNotChangeWithItsBuilderOrWhatWasHandedIn() {
        OtMessage.Builder builder = response();
        OtMessage first = builder.build();
        List<PointValue> handed = new ArrayList<>(List.of(new PointValue("holding_register", 107, 5)));
        OtMessage second = builder.values(handed).anomaly("function_mismatch").build();
        handed.clear();
        assertEquals(List.of(), first.values());
        assertEquals(List.of("late_response"), first.anomalies());
        assertEquals(List.of(new PointValue("holding_register", 107, 5)), second.values());
        assertEquals(List.of("late_response", "function_mismatch"), second.anomalies());
        assertNotEquals(first, second);
    }

    @Test
    void absentNumbersStayAbsent() {
        OtMessage link = OtMessage.builder("f.pcap", 10, 6_000, FLOW, Direction.TO_SERVER, ModbusProtocol.DESCRIPTOR,
                MessageRole.REQUEST).noFunction("link", OperationClass.OTHER).build();
        assertEquals(OptionalInt.empty(), link.function());
        assertEquals(OptionalLong.empty(), link.transactionId());
        assertEquals(OptionalLong.empty(), link.latencyNanos());
        assertEquals(OptionalLong.empty(), link.requestFrame());
        assertEquals(List.of(), link.ranges());
        assertEquals(List.of(), link.anomalies());
        assertEquals(0, link.unit());
        assertSame(ProtocolDetail.NONE, link.detail());
    }

    @Test
    void valuesKeepTheirOrderAndCannotBeChangedAfterwards() {
        List<PointValue> given = new ArrayList<>(List.of(new PointValue("holding_register", 100, 0x1234),
                new PointValue("holding_register", 101, 0xFFFE)));
        OtMessage message = response().value("coil", 1, 1).values(given).build();
        given.clear();
        assertEquals(List.of(new PointValue("coil", 1, 1), new PointValue("holding_register", 100, 0x1234),
                new PointValue("holding_register", 101, 0xFFFE)), message.values());
        assertThrows(UnsupportedOperationException.class, () -> message.values().add(new PointValue("coil", 2, 0)));
    }
}
