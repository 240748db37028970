package otb.dissect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import otb.capture.Transport;

/**
 * What otb knows of one industrial protocol, supplied by the dissector that understands it: the
 * names it goes by, where it usually listens, what its two sides are called, and what each of its
 * functions does to a device. The baseline, the reports, the inventory and the help texts read
 * protocols only through this descriptor (and {@link Protocols}), so adding a protocol touches
 * its own package and one registration.
 *
 * <p>One instance per protocol, made once by its package: protocols are compared by identity.
 *
 * @param wireName   the name in records, alerts, the database and on the command line
 *                   ({@code modbus}); lower case, digits and '-'
 * @param label      the name a person reads ({@code Modbus/TCP})
 * @param colour     the report's colour for it, {@code #rrggbb}
 * @param hintPorts  the ports where it usually listens: a hint for detection, never the decision
 * @param clientRole the asset role of the side that asks ({@code modbus_client})
 * @param serverRole the asset role of the side that serves the points ({@code modbus_server})
 * @param functions  its functions by name (see {@link ProtocolFunction}); a name not listed has
 *                   no effect beyond its operation class
 */
public record Protocol(String wireName, String label, String colour, List<HintPort> hintPorts,
                       String clientRole, String serverRole, Map<String, ProtocolFunction> functions) {
    private static final Pattern WIRE_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern COLOUR = Pattern.compile("#[0-9a-f]{6}");

    public Protocol {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(clientRole, "clientRole");
        Objects.requireNonNull(serverRole, "serverRole");
        if (!WIRE_NAME.matcher(wireName).matches()) {
            throw new IllegalArgumentException("protocol wire name " + wireName + " is not [a-z][a-z0-9-]*");
        }
        if (!COLOUR.matcher(colour).matches()) {
            throw new IllegalArgumentException("protocol colour " + colour + " is not #rrggbb");
        }
        hintPorts = List.copyOf(hintPorts);
        // A HashMap, not Map.copyOf: effect() looks a function up for every message, and Map.copyOf's
        // table calls String.equals on each slot it probes, 3.5% of `otb analyze`'s and 4% of `otb
        // learn`'s CPU on the demo plant (async-profiler, bench/README.md); HashMap compares the
        // cached hash first and finds the dissector's own name string by identity.
        functions = Collections.unmodifiableMap(new HashMap<>(functions));
    }

    /**
     * The name stored by databases written before protocols had descriptors: the wire name in
     * upper case, '-' as '_' ({@code S7COMM_PLUS}). Baselines and alert folds keep using it.
     */
    public String storedName() {
        return wireName.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** True when {@code port} on {@code transport} is one of the protocol's usual ports. */
    public boolean isHintPort(Transport transport, int port) {
        for (HintPort hint : hintPorts) {
            if (hint.transport() == transport && hint.port() == port) {
                return true;
            }
        }
        return false;
    }

    /** What the function of that name does beyond its operation class; NONE for names not listed. */
    public FunctionEffect effect(String functionName) {
        ProtocolFunction function = functions.get(functionName);
        return function == null ? FunctionEffect.NONE : function.effect();
    }

    /** Identity, as one instance stands for one protocol (the record's would compare every function). */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return wireName;
    }

    /** Starts a descriptor. */
    public static Builder builder(String wireName, String label, String colour) {
        return new Builder(wireName, label, colour);
    }

    /** Collects a descriptor's hint ports, roles and functions. */
    public static final class Builder {
        private final String wireName;
        private final String label;
        private final String colour;
        private final List<HintPort> hintPorts = new ArrayList<>();
        private String clientRole;
        private String serverRole;
        private final Map<String, ProtocolFunction> functions = new HashMap<>();

        private Builder(String wireName, String label, String colour) {
            this.wireName = wireName;
            this.label = label;
            this.colour = colour;
        }

        public Builder hintPort(Transport transport, int port) {
            hintPorts.add(new HintPort(transport, port));
            return this;
        }

        public Builder roles(String client, String server) {
            clientRole = client;
            serverRole = server;
            return this;
        }

        /** A function with no effect beyond its class. */
        public Builder function(int code, String name, OperationClass operation) {
            return function(code, name, operation, FunctionEffect.NONE);
        }

        /** A function; a later one of the same name replaces an earlier one. */
        public Builder function(int code, String name, OperationClass operation, FunctionEffect effect) {
            functions.put(name, new ProtocolFunction(code, name, operation, effect));
            return this;
        }

        public Protocol build() {
            return new Protocol(wireName, label, colour, hintPorts, clientRole, serverRole, functions);
        }
    }
}
