package otb.sim;

import java.util.SplittableRandom;

/**
 * A SCADA master polling one outstation: class 1 event polls every cycle, an integrity poll
 * (class 1, 2, 3 then 0) every {@code integrityEvery} cycles, application confirms of event
 * responses, and, when enabled, an operator's select-before-operate of a control relay output
 * block every few minutes.
 */
final class Dnp3Master extends Actor implements Polling {
    private final Dnp3Channel channel;
    private final PollTiming timing;
    private final int integrityEvery;
    private final boolean operatorControls;
    private final SplittableRandom random;
    private final Dnp3Codec.Fragment request = new Dnp3Codec.Fragment();
    private final Dnp3Codec.Fragment response = new Dnp3Codec.Fragment();
    private int cycle;
    private int controls;
    private long nextControl;

    Dnp3Master(Dnp3Channel channel, PollTiming timing, int integrityEvery, boolean operatorControls, long firstControl,
            SplittableRandom random) {
        this.channel = channel;
        this.timing = timing;
        this.integrityEvery = integrityEvery;
        this.operatorControls = operatorControls;
        this.nextControl = firstControl;
        this.random = random;
    }

    @Override
    public PollTiming timing() {
        return timing;
    }

    @Override
    void step(long now) {
        TcpConnection connection = channel.connection;
        long t = now;
        if (!connection.open) {
            t = connection.open(now, null) + timing.clientGap(random);
        }
        Label label = timing.label(now);
        boolean integrity = cycle % integrityEvery == 0;
        cycle++;
        int sequence = channel.nextApplicationSequence();
        request.request(sequence, Dnp3Codec.READ);
        if (integrity) {
            // class 1, 2, 3 events then class 0 static data (IEEE 1815-2012 5.1.2, "integrity poll")
            request.allObjects(60, 2).allObjects(60, 3).allObjects(60, 4).allObjects(60, 1);
        } else {
            request.allObjects(60, 2);
        }
        long serverDelay = timing.serverDelay(random);
        long at = Math.max(t, connection.busyUntil) + serverDelay;
        boolean events;
        response.response(sequence, false, 0);
        if (integrity) {
            channel.outstation.writeStaticData(response, at, random);
            events = false;
        } else {
            events = channel.outstation.writeEvents(response, at, random);
            if (events) {
                response.bytes[0] = (byte) Dnp3Codec.control(sequence, true);
            }
        }
        byte[] requestFrame = channel.fromMaster(request);
        byte[] responseFrame = channel.fromOutstation(response);
        long confirmGap = 3_000_000L + random.nextLong(12_000_000L);
        long nextUse = events ? t + serverDelay + confirmGap : timing.nextNominal();
        long responseTime = connection.exchange(t, requestFrame, responseFrame, serverDelay, timing.ackDelay(random),
                nextUse, timing.retransmit(random), random, label, label);
        if (events) {
            request.request(sequence, Dnp3Codec.CONFIRM);
            byte[] confirm = channel.fromMaster(request);
            connection.exchange(responseTime + confirmGap, confirm, null, timing.serverDelay(random), 0, 0, false,
                    random, label, label);
        }
        if (operatorControls && now >= nextControl) {
            selectBeforeOperate(connection.busyUntil + 2_000_000_000L + random.nextLong(3_000_000_000L));
            nextControl = now + 240_000_000_000L + random.nextLong(240_000_000_000L);
        }
        nextTime = timing.schedule(random, connection.busyUntil);
    }

    /**
     * SELECT then OPERATE of g12v1 (control relay output block) index 0 (4.4.3, A.9): the
     * operator closes and opens the same breaker in turn.
     */
    private void selectBeforeOperate(long time) {
        int index = 0;
        int code = controls++ % 2 == 0 ? 0x03 : 0x04; // LATCH_ON / LATCH_OFF
        long t = time;
        for (int function : new int[] {Dnp3Codec.SELECT, Dnp3Codec.OPERATE}) {
            int sequence = channel.nextApplicationSequence();
            request.request(sequence, function);
            writeRelayBlock(request, index, code);
            response.response(sequence, false, 0);
            writeRelayBlock(response, index, code);
            long serverDelay = timing.serverDelay(random);
            long gap = 20_000_000L + random.nextLong(40_000_000L);
            long nextUse = function == Dnp3Codec.SELECT ? t + serverDelay + gap : timing.nextNominal();
            byte[] requestFrame = channel.fromMaster(request);
            byte[] responseFrame = channel.fromOutstation(response);
            long responseTime = channel.connection.exchange(t, requestFrame, responseFrame, serverDelay,
                    timing.ackDelay(random), nextUse, false, random, null, null);
            t = responseTime + gap;
        }
    }

    /** One CROB with a 16-bit count and 16-bit index prefix; status 0 (success). */
    static void writeRelayBlock(Dnp3Codec.Fragment fragment, int index, int code) {
        fragment.indexed16(12, 1, 1).put16(index).put(code).put(1).put32(0).put32(0).put(0);
    }
}
