package otb.dissect.cotp;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import otb.capture.Direction;
import otb.dissect.OtEvent;
import otb.dissect.ParseStatus;
import otb.dissect.Protocol;
import otb.dissect.StreamContext;

/**
 * The transport half of a session on TCP port 102, shared by S7comm and MMS: frames TPKTs
 * (RFC 1006 section 6), parses their class 0 TPDUs (ISO 8073) and joins data TPDUs into TSDUs
 * (13.7), one {@link TsduAssembler} per direction. What the TSDUs and the other TPDUs mean is the
 * {@link Receiver}'s business. Broken framing and invalid TPDUs become malformed events of the
 * session's protocol and void the partial state of their direction.
 */
public final class CotpStream {

    /** What the session above the transport does with what the stream reads. */
    public interface Receiver {
        /** One whole TSDU: {@code length} bytes at absolute {@code offset} in {@code in}, valid during the call. */
        void tsdu(ByteBuffer in, int offset, int length, StreamContext context, Consumer<? super OtEvent> out);

        /** A connection, disconnect, error or unexpected TPDU (anything but data and invalid bytes). */
        void connection(Cotp.Tpdu tpdu, StreamContext context, Consumer<? super OtEvent> out);

        /** Bytes of {@code direction} were lost or broken: state the receiver keeps across TSDUs of it is void. */
        default void directionLost(Direction direction) {
        }
    }

    private final Protocol protocol;
    private final Receiver receiver;
    private final TsduAssembler toServer;
    private final TsduAssembler toClient;

    /**
     * @param protocol     the protocol malformed events are reported as
     * @param maxTsduBytes the largest TSDU reassembled, in bytes (DissectorConfig#maxFragmentBytes)
     */
    public CotpStream(Protocol protocol, int maxTsduBytes, Receiver receiver) {
        this.protocol = protocol;
        this.receiver = receiver;
        this.toServer = new TsduAssembler(maxTsduBytes);
        this.toClient = new TsduAssembler(maxTsduBytes);
    }

    /** {@link otb.dissect.ProtocolSession#parse}: reads the TPKT at the position, if whole. */
    public ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        int start = in.position();
        int framed = Cotp.frame(in);
        if (framed == Cotp.INCOMPLETE) {
            return ParseStatus.NEED_MORE;
        }
        if (framed < 0) {
            // not a TPKT: skip to where one could start, never trusting the bad length
            in.position(start - framed);
            lost(context.direction());
            out.accept(context.malformed(protocol, "bad_tpkt_header", -framed));
            return ParseStatus.OK;
        }
        tpkt(in, start, framed, context, out);
        in.position(start + framed);
        return ParseStatus.OK;
    }

    /** {@link otb.dissect.ProtocolSession#gap}: the TSDU being assembled in that direction is void. */
    public void gap(Direction direction) {
        lost(direction);
    }

    /** The flow ended: drops both directions' partial TSDUs. */
    public void close() {
        lost(Direction.TO_SERVER);
        lost(Direction.TO_CLIENT);
    }

    private void tpkt(ByteBuffer in, int start, int length, StreamContext context, Consumer<? super OtEvent> out) {
        Cotp.Tpdu tpdu = Cotp.parse(in, start, length);
        if (tpdu instanceof Cotp.Data data) {
            TsduAssembler assembler = assembler(context.direction());
            switch (assembler.add(in, data.payloadOffset(), data.payloadLength(), data.endOfTransmission())) {
                case COMPLETE -> receiver.tsdu(assembler.buffer(), assembler.offset(), assembler.length(), context, out);
                case OVERFLOW -> out.accept(context.malformed(protocol, "cotp_reassembly_overflow",
                        assembler.droppedBytes()));
                case PARTIAL, DISCARDED -> {
                }
            }
        } else if (tpdu instanceof Cotp.Invalid invalid) {
            lost(context.direction());
            out.accept(context.malformed(protocol, invalid.reason(), length));
        } else {
            receiver.connection(tpdu, context, out);
        }
    }

    private void lost(Direction direction) {
        assembler(direction).reset();
        receiver.directionLost(direction);
    }

    private TsduAssembler assembler(Direction direction) {
        return direction == Direction.TO_SERVER ? toServer : toClient;
    }
}
