package otb.dissect;

import java.util.List;
import otb.dissect.modbus.ModbusDissector;

/** The protocol dissectors otb ships, in probe order. */
public final class Dissectors {
    private Dissectors() {
    }

    public static List<ProtocolDissector> all() {
        return List.of(
                new ModbusDissector()
                // each protocol's work adds its dissector here
        );
    }
}
