package otb.dissect;

import java.util.List;
import otb.dissect.dnp3.Dnp3Dissector;
import otb.dissect.modbus.ModbusDissector;
import otb.dissect.s7comm.S7Dissector;

/** The protocol dissectors otb ships, in probe order. */
public final class Dissectors {
    private Dissectors() {
    }

    public static List<ProtocolDissector> all() {
        return List.of(new ModbusDissector(), new Dnp3Dissector(), new S7Dissector());
    }
}
