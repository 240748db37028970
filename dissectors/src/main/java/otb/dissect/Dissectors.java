package otb.dissect;

import java.util.List;
import otb.dissect.dnp3.Dnp3Dissector;

/** The protocol dissectors otb ships, in probe order. */
public final class Dissectors {
    private Dissectors() {
    }

    public static List<ProtocolDissector> all() {
        return List.of(
                new otb.dissect.modbus.ModbusDissector()
                // each protocol's work adds its dissector here
                new Dnp3Dissector()
        );
    }
}
