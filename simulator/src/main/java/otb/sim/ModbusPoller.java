package otb.sim;

import java.util.SplittableRandom;

/**
 * An HMI's cyclic reads of one Modbus server unit: every cycle, each read of the list in turn,
 * each waiting for its response.
 */
final class ModbusPoller extends Actor implements Polling {
    /** One request of the cycle: function code 1, 3 or 4, start address, quantity. */
    record Read(int function, int address, int quantity) {
    }

    private final ModbusLink link;
    private final int unit;
    private final Read[] reads;
    private final PollTiming timing;
    private final SplittableRandom random;

    ModbusPoller(ModbusLink link, int unit, Read[] reads, PollTiming timing, SplittableRandom random) {
        this.link = link;
        this.unit = unit;
        this.reads = reads;
        this.timing = timing;
        this.random = random;
    }

    @Override
    public PollTiming timing() {
        return timing;
    }

    @Override
    void step(long now) {
        TcpConnection connection = link.connection;
        long t = now;
        if (!connection.open) {
            t = connection.open(now, null) + timing.clientGap(random);
        }
        Label label = timing.label(now);
        long nextCycle = timing.nextNominal();
        for (int i = 0; i < reads.length; i++) {
            Read read = reads[i];
            int transaction = link.nextTransaction();
            byte[] request = ModbusCodec.readRequest(transaction, unit, read.function(), read.address(),
                    read.quantity());
            long serverDelay = timing.serverDelay(random);
            long responseAt = Math.max(t, connection.busyUntil) + serverDelay;
            byte[] response;
            Label responseLabel = label;
            int[] values = read.function() == ModbusCodec.READ_COILS ? null
                    : link.device.readRegisters(read.function(), read.address(), read.quantity(), responseAt, random);
            if (values != null) {
                int[] replaced = link.tap == null ? null
                        : link.tap.replace(read.function(), read.address(), values, responseAt);
                if (replaced != null) {
                    values = replaced;
                    responseLabel = link.tap.label();
                }
                response = ModbusCodec.readRegistersResponse(transaction, unit, read.function(), values, values.length);
            } else {
                response = link.device.respond(request, responseAt, random);
            }
            long gap = timing.clientGap(random);
            long nextUse = i < reads.length - 1 ? t + serverDelay + 2 * gap : nextCycle;
            long responseTime = connection.exchange(t, request, response, serverDelay, timing.ackDelay(random), nextUse,
                    timing.retransmit(random), random, label, responseLabel);
            t = responseTime + gap;
        }
        nextTime = timing.schedule(random, connection.busyUntil);
    }
}
