package otb.cli.testprotocol;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import otb.capture.Direction;
import otb.dissect.MessageRole;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.ParseStatus;
import otb.dissect.ProtocolFunction;
import otb.dissect.ProtocolSession;
import otb.dissect.StreamContext;

/** Frames {@link TestProtocolDissector}'s protocol and pairs each response with the oldest request. */
final class TestProtocolSession implements ProtocolSession {
    static final int FRAME_BYTES = 7;
    private static final int MAX_PENDING = 16;
    private static final String SPACE = "tpx:register";

    /** Requests waiting for their response: frame number and capture time. */
    private final Deque<long[]> pending = new ArrayDeque<>();

    @Override
    public ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        int at = in.position();
        if (in.limit() - at < FRAME_BYTES) {
            return ParseStatus.NEED_MORE;
        }
        if (in.get(at) != 'T' || in.get(at + 1) != 'P') {
            in.position(in.limit());
            out.accept(context.malformed(TestProtocolDissector.PROTOCOL, "bad_magic", in.limit() - at));
            return ParseStatus.OK;
        }
        int function = in.get(at + 2) & 0xFF;
        int address = in.getShort(at + 3) & 0xFFFF;
        int value = in.getShort(at + 5) & 0xFFFF;
        in.position(at + FRAME_BYTES);
        boolean request = context.direction() == Direction.TO_SERVER;
        ProtocolFunction known = TestProtocolDissector.PROTOCOL.functions().values().stream()
                .filter(f -> f.code() == function).findFirst().orElse(null);
        OtMessage.Builder message = OtMessage.builder(context, TestProtocolDissector.PROTOCOL,
                        request ? MessageRole.REQUEST : MessageRole.RESPONSE)
                .function(function, known != null ? known.name() : "unknown_" + function,
                        known != null ? known.operation() : otb.dissect.OperationClass.OTHER)
                .range(SPACE, address, 1);
        if (function == TestProtocolDissector.WRITE || !request) {
            message.value(SPACE, address, value);
        }
        if (request) {
            if (pending.size() == MAX_PENDING) {
                pending.removeFirst();
            }
            pending.addLast(new long[] {context.frame(), context.timestampNanos()});
        } else if (!pending.isEmpty()) {
            long[] asked = pending.removeFirst();
            message.pairedWith(asked[0], asked[1]);
        }
        out.accept(message.build());
        return ParseStatus.OK;
    }

    @Override
    public void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out) {
        pending.clear();
    }
}
