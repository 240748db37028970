package otb.dissect.dnp3;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import otb.dissect.DissectorConfig;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.ParseStatus;
import otb.dissect.ProtocolSession;
import otb.dissect.StreamContext;

/**
 * One DNP3 flow (TCP stream or UDP datagrams, both directions): frames link frames, joins
 * transport segments into application fragments, decodes them and pairs responses with
 * requests by application sequence number.
 */
final class Dnp3Session implements ProtocolSession {

    private final DissectorConfig config;
    private final TransportReassembler transport;
    /**
     * Requests awaiting a response, oldest first. A master may send several requests with the
     * same sequence number before the answers come (select/operate bursts); they are answered
     * in order, so a response pairs with the oldest request of its key.
     */
    private final ArrayDeque<PendingRequest> pending = new ArrayDeque<>();
    /** Multi-fragment responses under way, by outstation and master. */
    private final LinkedHashMap<Long, PendingRequest> continuing = new LinkedHashMap<>();

    Dnp3Session(DissectorConfig config) {
        this.config = config;
        this.transport = new TransportReassembler(config.maxFragmentBytes());
    }

    /**
     * A request remembered for pairing: its key (outstation, master, sequence), and for a
     * multi-fragment response under way the sequence the next fragment must carry.
     */
    private record PendingRequest(long key, long frame, long timestampNanos, OperationClass operation,
                                  int nextSequence) {
    }

    @Override
    public ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        int at = in.position();
        int result = LinkFrame.check(in, at);
        if (result == LinkFrame.NEED_MORE) {
            return ParseStatus.NEED_MORE;
        }
        if (result > 0) {
            LinkFrame frame = LinkFrame.decode(in, at);
            in.position(at + result);
            frame(frame, result, context, out);
            return ParseStatus.OK;
        }
        // Clause 9.2.4.1: never trust the length of a header that failed its checks; scan for
        // the next start octets instead.
        int next = nextStart(in, at + 1);
        String reason = switch (result) {
            case LinkFrame.BAD_HEADER_CRC -> "bad_header_crc";
            case LinkFrame.BAD_LENGTH -> "bad_length";
            default -> "no_start_octets";
        };
        out.accept(context.malformed(Dnp3Protocol.DESCRIPTOR, reason, next - at));
        in.position(next);
        return ParseStatus.OK;
    }

    /** The index of the next 0x05 0x64 from {@code from}, or of a 0x05 ending the bytes, or the limit. */
    private static int nextStart(ByteBuffer in, int from) {
        int limit = in.limit();
        for (int i = from; i < limit; i++) {
            if ((in.get(i) & 0xFF) == LinkFrame.START_OCTET_1
                    && (i + 1 == limit || (in.get(i + 1) & 0xFF) == LinkFrame.START_OCTET_2)) {
                return i;
            }
        }
        return limit;
    }

    private void frame(LinkFrame frame, int frameBytes, StreamContext context, Consumer<? super OtEvent> out) {
        if (!frame.carriesUserData() || frame.userData().length == 0) {
            linkOnly(frame, context, out);
            return;
        }
        if (!frame.dataCrcValid()) {
            // Clause 9.2.4.1.2: a frame with a bad block CRC is discarded; it is left out of
            // transport reassembly.
            out.accept(context.malformed(Dnp3Protocol.DESCRIPTOR, "bad_block_crc", frameBytes));
            return;
        }
        byte[] segment = frame.userData();
        int direction = context.direction().ordinal();
        TransportReassembler.Outcome outcome = transport.accept(direction, frame.source(), frame.destination(), segment);
        int discarded = transport.discardedBytes();
        switch (outcome) {
            case COMPLETED, BUFFERED -> {
                if (discarded > 0) {
                    out.accept(context.malformed(Dnp3Protocol.DESCRIPTOR, "transport_fragment_abandoned", discarded));
                }
                if (outcome == TransportReassembler.Outcome.COMPLETED) {
                    application(frame, segment[0] & 0xFF, transport.segmentsOfCompleted(), transport.completed(),
                            context, out);
                }
            }
            case NO_FIRST_SEGMENT -> out.accept(context.malformed(Dnp3Protocol.DESCRIPTOR, "transport_no_first_segment", discarded));
            case OUT_OF_SEQUENCE -> out.accept(context.malformed(Dnp3Protocol.DESCRIPTOR, "transport_out_of_sequence", discarded));
            case TOO_LARGE -> out.accept(context.malformed(Dnp3Protocol.DESCRIPTOR, "fragment_too_large", discarded));
            case DUPLICATE -> {
                // Clause 8.2.3: a repeated segment is discarded silently.
            }
        }
    }

    /**
     * A frame without application data: link status, reset, test, acknowledgements. Its role
     * follows the DIR bit (master's frames are requests, outstation's responses) so that the
     * message's server is always the outstation, whichever station is primary.
     */
    private void linkOnly(LinkFrame frame, StreamContext context, Consumer<? super OtEvent> out) {
        OtMessage.Builder message = OtMessage.builder(context, Dnp3Protocol.DESCRIPTOR,
                        frame.fromMaster() ? MessageRole.REQUEST : MessageRole.RESPONSE)
                .unit(frame.outstation())
                .noFunction(frame.functionName(), OperationClass.LINK)
                .detail(new Dnp3Detail(frame, Dnp3Detail.NO_TRANSPORT, 0, null));
        if (frame.reservedFunction()) {
            message.anomaly("reserved_link_function");
        }
        if (frame.carriesUserData()) {
            message.anomaly("missing_user_data");
        } else if (frame.userData().length > 0) {
            // Only confirmed and unconfirmed user data frames carry user data (clause 9).
            message.anomaly("unexpected_user_data");
        }
        out.accept(message.build());
    }

    /**
     * The counters the baseline follows (IEEE 1815-2012): the transport sequence, advanced by
     * every segment a station sends (8.2.1.3); the master's application sequence of requests
     * (4.2.2.4.2; a confirm echoes what it confirms); the outstation's of unsolicited responses.
     * A solicited response echoes its request's sequence and carries none of its own.
     */
    private static void sequences(OtMessage.Builder message, FunctionCode code, int function, long pairKey,
                                  int transportHeader, int segments, ApplicationFragment app) {
        if (transportHeader != Dnp3Detail.NO_TRANSPORT && segments > 0) {
            int last = transportHeader & TransportReassembler.SEQ_MASK;
            message.sequence("transport_sequence", pairKey, last - segments + 1, 6, segments);
        }
        if (code == FunctionCode.UNSOLICITED_RESPONSE) {
            message.sequence("unsolicited_sequence", pairKey, app.sequence(), 4, 1);
        } else if (code != FunctionCode.CONFIRM && !FunctionCode.isResponseCode(function)) {
            message.sequence("application_sequence", pairKey, app.sequence(), 4, 1);
        }
    }

    private void application(LinkFrame frame, int transportHeader, int segments, byte[] fragment,
                             StreamContext context, Consumer<? super OtEvent> out) {
        if (fragment.length < 2) {
            out.accept(context.malformed(Dnp3Protocol.DESCRIPTOR, "truncated_application_header", fragment.length));
            return;
        }
        ApplicationFragment app = ApplicationParser.parse(fragment);
        int function = app.function();
        FunctionCode code = FunctionCode.of(function);
        boolean response = FunctionCode.isResponseCode(function);
        OtMessage.Builder message = OtMessage.builder(context, Dnp3Protocol.DESCRIPTOR,
                        response ? MessageRole.RESPONSE : MessageRole.REQUEST)
                .unit(frame.outstation())
                .transactionId(app.sequence())
                .detail(new Dnp3Detail(frame.headerOnly(), transportHeader, segments, app));
        for (String anomaly : app.anomalies()) {
            message.anomaly(anomaly);
        }
        if (response == frame.fromMaster()) {
            // Clause 9.2.4.1.4: DIR is set on frames from the master, which never sends responses.
            message.anomaly("direction_mismatch");
        }
        OperationClass operation = code == null ? OperationClass.OTHER : code.operation;
        long pairKey = (long) frame.outstation() << 16 | frame.master();
        long requestKey = pairKey << 4 | app.sequence();
        sequences(message, code, function, pairKey, transportHeader, segments, app);
        if (code == FunctionCode.RESPONSE) {
            PendingRequest request = app.first() ? take(requestKey, true) : continuation(pairKey, app.sequence());
            if (request == null) {
                message.anomaly("response_without_request");
            } else {
                message.pairedWith(request.frame(), request.timestampNanos());
                operation = request.operation();
                if (app.last()) {
                    continuing.remove(pairKey);
                } else {
                    continuing.put(pairKey, new PendingRequest(pairKey, request.frame(), request.timestampNanos(),
                            request.operation(), (app.sequence() + 1) & ApplicationFragment.SEQ_MASK));
                    while (continuing.size() > config.maxPendingRequests()) {
                        continuing.remove(continuing.keySet().iterator().next());
                    }
                }
            }
        } else if (code == FunctionCode.UNSOLICITED_RESPONSE) {
            if (!app.unsolicited()) {
                message.anomaly("unsolicited_without_uns");
            }
        } else if (code == FunctionCode.AUTHENTICATE_RESPONSE) {
            PendingRequest request = take(requestKey, false);
            if (request != null) {
                message.pairedWith(request.frame(), request.timestampNanos());
            }
        } else if (code != null && code.expectsResponse) {
            if (pending.size() >= config.maxPendingRequests()) {
                pending.removeFirst();
            }
            pending.addLast(new PendingRequest(requestKey, context.frame(), context.timestampNanos(), operation, 0));
        }
        message.function(function, code == null ? "reserved_" + function : code.wireName, operation);
        points(app, message);
        out.accept(message.build());
    }

    private PendingRequest continuation(long pairKey, int sequence) {
        PendingRequest request = continuing.get(pairKey);
        return request != null && request.nextSequence() == sequence ? request : null;
    }

    /** The oldest pending request with this key, removed when {@code remove}; null if none. */
    private PendingRequest take(long key, boolean remove) {
        for (Iterator<PendingRequest> it = pending.iterator(); it.hasNext(); ) {
            PendingRequest request = it.next();
            if (request.key() == key) {
                if (remove) {
                    it.remove();
                }
                return request;
            }
        }
        return null;
    }

    /** Point ranges, values and identity of the object headers. */
    private static void points(ApplicationFragment app, OtMessage.Builder message) {
        for (ObjectBlock block : app.objects()) {
            String space = ObjectLayout.space(block.group());
            if (space == null) {
                continue;
            }
            if (block.isStartStop()) {
                message.range(space, block.rangeStart(), block.count());
            } else {
                long runStart = -1;
                long runEnd = -1;
                for (ObjectPoint point : block.points()) {
                    if (point.index() < 0) {
                        continue;
                    }
                    if (runStart >= 0 && point.index() == runEnd + 1) {
                        runEnd = point.index();
                        continue;
                    }
                    if (runStart >= 0) {
                        message.range(space, runStart, runEnd - runStart + 1);
                    }
                    runStart = point.index();
                    runEnd = runStart;
                }
                if (runStart >= 0) {
                    message.range(space, runStart, runEnd - runStart + 1);
                }
            }
            for (ObjectPoint point : block.points()) {
                if (point.hasValue() && point.index() >= 0) {
                    message.value(space, point.index(), point.value());
                }
            }
        }
        for (Map.Entry<String, String> entry : app.identity().entrySet()) {
            message.identity(entry.getKey(), entry.getValue());
        }
    }

    @Override
    public void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out) {
        transport.discard(context.direction().ordinal());
    }

    @Override
    public void tick(long nowNanos, Consumer<? super OtEvent> out) {
        // Forget requests older than the request timeout (capture time).
        pending.removeIf(request -> nowNanos - request.timestampNanos() > config.requestTimeoutNanos());
        continuing.values().removeIf(request -> nowNanos - request.timestampNanos() > config.requestTimeoutNanos());
    }

    @Override
    public void close(long nowNanos, Consumer<? super OtEvent> out) {
        pending.clear();
        continuing.clear();
    }
}
