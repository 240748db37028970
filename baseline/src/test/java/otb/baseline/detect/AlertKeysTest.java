package otb.baseline.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import otb.baseline.model.ConversationKey;
import otb.baseline.model.PointKey;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.Protocol;
import otb.dissect.dnp3.Dnp3Protocol;
import otb.dissect.modbus.ModbusProtocol;
import org.junit.jupiter.api.Test;

/**
 * The stored form of every rule's de-duplication key. It is the alert's {@code key} in the
 * database and part of its id, so it must read exactly as alerts stored by earlier versions.
 */
class AlertKeysTest {
    private static final IpAddress CLIENT = IpAddress.parse("10.0.0.5");
    private static final IpAddress SERVER = IpAddress.parse("10.0.1.2");
    private static final ConversationKey CONVERSATION = new ConversationKey(CLIENT, SERVER, ModbusProtocol.DESCRIPTOR, 1);
    /** How a conversation key reads inside the others. */
    private static final String C = "10.0.0.5 -> 10.0.1.2 modbus unit 1";
    private static final PointKey POINT = new PointKey(SERVER, ModbusProtocol.DESCRIPTOR, 1, "holding_register", 40);

    @Test
    void conversationsAndPolicy() {
        assertEquals("asset|10.0.0.5", new ConversationRule.NewAsset(CLIENT).text());
        assertEquals("conv|10.0.0.5|10.0.1.2|tcp/502",
                new ConversationRule.ConversationAlertKey(CLIENT, SERVER, Transport.TCP, 502).text());
        assertEquals("conv|10.0.0.5|10.0.1.2|udp/20000",
                new ConversationRule.ConversationAlertKey(CLIENT, SERVER, Transport.UDP, 20000).text());
    }

    @Test
    void functionsWritesAndProgram() {
        assertEquals("writer|" + C, new FunctionRule.WriterKey(CONVERSATION).text());
        assertEquals("func|" + C, new FunctionRule.FunctionKey(CONVERSATION).text());
        assertEquals("prog|" + C + "|90|plc_stop", new ProgramOrStopRule.ProgramKey(CONVERSATION, 90, "plc_stop").text());
        assertEquals("wrange|" + C + "|16|holding_register",
                new WriteRule.RangeKey(CONVERSATION, 16, "holding_register").text());
        assertEquals("wvalue|10.0.1.2 modbus unit 1 holding_register:40", new WriteRule.WrittenValueKey(POINT).text());
        assertEquals("replay|" + C + "|-42", new ReplayedCommandRule.ReplayKey(CONVERSATION, -42).text());
    }

    @Test
    void valuesTimingAndVolume() {
        assertEquals("value|" + C + "|coil", new ValueRule.OutOfRangeKey(CONVERSATION, "coil").text());
        assertEquals("frozen|10.0.1.2 modbus unit 1 holding_register:40", new ValueRule.FrozenKey(POINT).text());
        assertEquals("replayv|" + C + "|coil", new ValueRule.ReplayedValuesKey(CONVERSATION, "coil").text());
        assertEquals("cycle|" + C + "|3 read_holding_registers|holding_register:0+10",
                new TimingRule.CycleKey(CONVERSATION, "3 read_holding_registers", "holding_register:0+10").text());
        assertEquals("silent|" + C, new TimingRule.SilentKey(CONVERSATION).text());
        assertEquals("noresp|" + C, new ResponseRule.NoResponseKey(CONVERSATION).text());
        assertEquals("exc|" + C, new ResponseRule.ExceptionBurstKey(CONVERSATION).text());
        assertEquals("flood|" + C, new FloodRule.FloodKey(CONVERSATION).text());
        assertEquals("scan|10.0.0.5|ADDRESSES", new ScanRule.ScanKey(CLIENT, ScanRule.Category.ADDRESSES).text());
    }

    @Test
    void malformedAndCapture() {
        assertEquals("malformed|10.0.0.5|10.0.1.2|dnp3|bad CRC",
                new MalformedRule.MalformedKey(CLIENT, SERVER, Dnp3Protocol.DESCRIPTOR, "bad CRC").text());
        assertEquals("loss|eth1", new CaptureRule.LossKey("eth1").text());
        assertEquals("silent|eth1", new CaptureRule.SilentInputKey("eth1").text());
    }

    @Test
    void keysOfDifferentFamiliesNeverFoldTogether() {
        // the same text, once shared by a channel and an interface named alike, no longer makes them equal
        assertNotEquals(new TimingRule.SilentKey(CONVERSATION), new CaptureRule.SilentInputKey(C));
        assertEquals(new FunctionRule.FunctionKey(CONVERSATION),
                new FunctionRule.FunctionKey(new ConversationKey(CLIENT, SERVER, ModbusProtocol.DESCRIPTOR, 1)));
    }
}
