package otb.dissect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import otb.capture.Transport;

/**
 * Every protocol the registered dissectors emit ({@link Dissectors}), in probe order: the one
 * place the baseline, the reports and the command line learn which protocols exist.
 */
public final class Protocols {
    private static final List<Protocol> ALL = load();

    private Protocols() {
    }

    private static List<Protocol> load() {
        List<Protocol> protocols = new ArrayList<>();
        for (ProtocolDissector dissector : Dissectors.all()) {
            for (Protocol protocol : dissector.protocols()) {
                for (Protocol known : protocols) {
                    if (known.wireName().equals(protocol.wireName()) && known != protocol) {
                        throw new IllegalStateException("two protocols are named " + protocol.wireName());
                    }
                }
                if (!protocols.contains(protocol)) {
                    protocols.add(protocol);
                }
            }
        }
        return List.copyOf(protocols);
    }

    public static List<Protocol> all() {
        return ALL;
    }

    /** Registration order: the protocol's place in {@link #all()}, or its size for one not registered. */
    public static int rank(Protocol protocol) {
        int rank = ALL.indexOf(protocol);
        return rank < 0 ? ALL.size() : rank;
    }

    /** Protocols in registration order (then by wire name): the order of listings and reports. */
    public static final Comparator<Protocol> ORDER =
            Comparator.comparingInt(Protocols::rank).thenComparing(Protocol::wireName);

    /** The protocol with that wire name ({@code s7comm-plus}) or stored name ({@code S7COMM_PLUS}). */
    public static Optional<Protocol> named(String name) {
        for (Protocol protocol : ALL) {
            if (protocol.wireName().equals(name) || protocol.storedName().equals(name)) {
                return Optional.of(protocol);
            }
        }
        return Optional.empty();
    }

    /**
     * The first protocol whose usual port this is on {@code transport}, if any: a hint that a
     * conversation may yet turn out industrial, never a detection.
     */
    public static Optional<Protocol> hintedBy(Transport transport, int port) {
        for (Protocol protocol : ALL) {
            if (protocol.isHintPort(transport, port)) {
                return Optional.of(protocol);
            }
        }
        return Optional.empty();
    }

    /** The wire names, comma-separated, for help texts: {@code modbus, dnp3, s7comm, s7comm-plus}. */
    public static String wireNames() {
        List<String> names = new ArrayList<>();
        ALL.forEach(protocol -> names.add(protocol.wireName()));
        return String.join(", ", names);
    }

    /** The labels, for help texts: {@code Modbus/TCP, DNP3, S7comm and S7comm-plus}. */
    public static String labels() {
        List<String> labels = new ArrayList<>();
        ALL.forEach(protocol -> labels.add(protocol.label()));
        if (labels.size() < 2) {
            return String.join("", labels);
        }
        return String.join(", ", labels.subList(0, labels.size() - 1)) + " and " + labels.get(labels.size() - 1);
    }
}
