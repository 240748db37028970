package otb.baseline.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import otb.baseline.model.PointKey;
import otb.capture.IpAddress;
import otb.dissect.Protocol;
import otb.dissect.Protocols;
import org.junit.jupiter.api.Test;

/**
 * A related point in an alert's context is named so an operator can tell it from the alert's own
 * point: points of one server pair across Modbus units and protocols.
 */
class RelatedNameTest {
    private static final IpAddress SERVER = IpAddress.parse("192.168.0.20");
    private static final Protocol MODBUS = Protocols.named("modbus").orElseThrow();
    private static final Protocol S7 = Protocols.named("s7comm").orElseThrow();

    private static PointKey point(Protocol protocol, int unit, String space, long address) {
        return new PointKey(SERVER, protocol, unit, space, address);
    }

    @Test
    void aPointOfTheSameUnitIsNamedBySpaceAndAddress() {
        PointKey alerted = point(MODBUS, 1, "input_register", 13);
        assertEquals("input_register:1", PointContexts.relatedName(point(MODBUS, 1, "input_register", 1), alerted));
    }

    @Test
    void aPointOfAnotherUnitOrProtocolSaysWhich() {
        PointKey alerted = point(MODBUS, 1, "input_register", 13);
        // the same space and address on another unit is another point: it must not read as the alert's own
        assertEquals("unit 2 input_register:13", PointContexts.relatedName(point(MODBUS, 2, "input_register", 13), alerted));
        assertEquals("s7comm unit 0 DB1:4", PointContexts.relatedName(point(S7, 0, "DB1", 4), alerted));
    }
}
