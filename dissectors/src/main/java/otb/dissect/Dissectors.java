package otb.dissect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The protocol dissectors on the class path, in probe order: those registered in
 * {@code META-INF/services/otb.dissect.ProtocolDissector}, sorted by
 * {@link ProtocolDissector#probeOrder()} (otb's own first: Modbus/TCP, DNP3, S7comm), then in
 * the order the class path lists their registrations.
 */
public final class Dissectors {
    private Dissectors() {
    }

    /** New instances, for one pipeline (a dissector may keep state its sessions share). */
    public static List<ProtocolDissector> all() {
        List<ProtocolDissector> dissectors = new ArrayList<>();
        for (ProtocolDissector dissector : ServiceLoader.load(ProtocolDissector.class, Dissectors.class.getClassLoader())) {
            dissectors.add(dissector);
        }
        dissectors.sort(Comparator.comparingInt(ProtocolDissector::probeOrder));
        return List.copyOf(dissectors);
    }
}
