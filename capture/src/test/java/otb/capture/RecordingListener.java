package otb.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test listener: keeps every flow's bytes per direction, gaps, ends and ticks. */
final class RecordingListener implements FlowListener {
    /** Bytes and events of one flow. */
    static final class FlowRecord {
        final Flow flow;
        final ByteArrayOutputStream toServer = new ByteArrayOutputStream();
        final ByteArrayOutputStream toClient = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();
        long gapBytesToServer;
        long gapBytesToClient;
        FlowEnd end;
        int datagrams;

        FlowRecord(Flow flow) {
            this.flow = flow;
        }

        ByteArrayOutputStream bytes(Direction direction) {
            return direction == Direction.TO_SERVER ? toServer : toClient;
        }
    }

    final Map<Long, FlowRecord> flows = new LinkedHashMap<>();
    final List<Long> ticks = new ArrayList<>();
    int started;
    int ended;

    @Override
    public void flowStarted(Flow flow, Packet packet) {
        if (flows.containsKey(flow.id())) {
            throw new AssertionError("flow started twice: " + flow.id());
        }
        flows.put(flow.id(), new FlowRecord(flow));
        started++;
    }

    private FlowRecord record(Flow flow) {
        FlowRecord record = flows.get(flow.id());
        if (record == null || record.flow != flow) {
            throw new AssertionError("event for a flow not started: " + flow);
        }
        if (record.end != null) {
            throw new AssertionError("event after the end of " + flow);
        }
        return record;
    }

    @Override
    public void data(Flow flow, Direction direction, ByteBuffer payload, Packet packet) {
        FlowRecord record = record(flow);
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        record.bytes(direction).writeBytes(bytes);
        record.datagrams++;
        record.events.add(direction + " data " + bytes.length);
    }

    @Override
    public void gap(Flow flow, Direction direction, long missingBytes, Packet packet) {
        FlowRecord record = record(flow);
        if (missingBytes <= 0) {
            throw new AssertionError("gap of " + missingBytes);
        }
        if (direction == Direction.TO_SERVER) {
            record.gapBytesToServer += missingBytes;
        } else {
            record.gapBytesToClient += missingBytes;
        }
        record.events.add(direction + " gap " + missingBytes);
    }

    @Override
    public void flowEnded(Flow flow, FlowEnd reason, long timestampNanos) {
        record(flow).end = reason;
        ended++;
    }

    @Override
    public void tick(long captureTimeNanos) {
        ticks.add(captureTimeNanos);
    }
}
