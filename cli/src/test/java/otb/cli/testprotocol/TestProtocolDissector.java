package otb.cli.testprotocol;

import java.nio.ByteBuffer;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.Transport;
import otb.dissect.FunctionEffect;
import otb.dissect.OperationClass;
import otb.dissect.Probe;
import otb.dissect.Protocol;
import otb.dissect.ProtocolDissector;
import otb.dissect.ProtocolSession;
import otb.dissect.DissectorConfig;

/**
 * A made-up protocol, defined only in test sources, that proves a protocol is its own files plus
 * one registration ({@code META-INF/services/otb.dissect.ProtocolDissector} beside the tests):
 * learn, analyze, report and inventory take it in with no edit anywhere else.
 *
 * <p>Its wire format: TCP to port {@value #PORT}; every frame is {@value TestProtocolSession#FRAME_BYTES}
 * bytes, {@code 'T' 'P'}, a function byte, a 16-bit register address and a 16-bit value (big
 * endian). A response repeats its request's function, address and the register's value.
 */
public final class TestProtocolDissector implements ProtocolDissector {
    static final int PORT = 47001;
    static final int READ = 1;
    static final int WRITE = 2;
    static final int HALT = 3;
    static final int PING = 4;

    public static final Protocol PROTOCOL = Protocol.builder("tpx", "Test protocol X", "#0f766e")
            .hintPort(Transport.TCP, PORT)
            .roles("tpx_client", "tpx_server")
            .function(READ, "read_register", OperationClass.READ)
            .function(WRITE, "write_register", OperationClass.WRITE)
            .function(HALT, "halt", OperationClass.CONTROL, FunctionEffect.STOP)
            .function(PING, "ping", OperationClass.DIAGNOSTIC)
            .build();

    @Override
    public Protocol protocol() {
        return PROTOCOL;
    }

    /** The two magic bytes, on any port: the port is only a hint. */
    @Override
    public Probe probe(ByteBuffer bytes, Direction direction, Transport transport, boolean hinted) {
        if (transport != Transport.TCP) {
            return Probe.NO_MATCH;
        }
        int at = bytes.position();
        if (bytes.limit() - at < 2) {
            return Probe.NEED_MORE;
        }
        return bytes.get(at) == 'T' && bytes.get(at + 1) == 'P' ? Probe.MATCH : Probe.NO_MATCH;
    }

    @Override
    public ProtocolSession newSession(Flow flow, DissectorConfig config) {
        return new TestProtocolSession();
    }
}
