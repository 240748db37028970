package otb.dissect;

import java.util.List;

/** The protocol dissectors otb ships, in probe order. */
public final class Dissectors {
    private Dissectors() {
    }

    public static List<ProtocolDissector> all() {
        return List.of(
                // each protocol's work adds its dissector here
                new otb.dissect.s7comm.S7Dissector()
        );
    }
}
