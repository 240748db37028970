package otb.sim;

import java.util.SplittableRandom;

/** An HMI's cyclic read var of all the variables it shows from one S7 PLC. */
final class S7Poller extends Actor implements Polling {
    private final S7Channel channel;
    private final PollTiming timing;
    private final SplittableRandom random;

    S7Poller(S7Channel channel, PollTiming timing, SplittableRandom random) {
        this.channel = channel;
        this.timing = timing;
        this.random = random;
    }

    @Override
    public PollTiming timing() {
        return timing;
    }

    @Override
    void step(long now) {
        long t = now;
        if (!channel.established) {
            t = channel.establish(now, timing.serverDelay(random), random, null) + timing.clientGap(random);
        }
        TcpConnection connection = channel.connection;
        Label label = timing.label(now);
        int reference = channel.nextClientReference();
        byte[] request = S7Codec.readVar(reference, channel.plc.items());
        long serverDelay = timing.serverDelay(random);
        long at = Math.max(t, connection.busyUntil) + serverDelay;
        byte[] response = S7Codec.readVarAck(reference, channel.plc.read(at, random));
        Label responseLabel = label != null ? label : channel.plc.frozenLabel(at);
        connection.exchange(t, request, response, serverDelay, timing.ackDelay(random), timing.nextNominal(),
                timing.retransmit(random), random, label, responseLabel);
        nextTime = timing.schedule(random, connection.busyUntil);
    }
}
