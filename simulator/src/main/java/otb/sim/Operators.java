package otb.sim;

import java.util.SplittableRandom;

/** Occasional operator actions from the HMIs: setpoint writes over Modbus and S7comm. */
final class Operators {
    private Operators() {
    }

    /**
     * An operator adjusting a Modbus setpoint (FC 6 on one register, a random walk inside its
     * engineering range) and now and then a recipe pair (FC 16 on two registers).
     */
    static final class ModbusSetpoints extends Actor {
        private final ModbusLink link;
        private final int unit;
        private final int setpointRegister;
        private final int minimum;
        private final int maximum;
        private final int recipeRegister;
        private final int[][] recipes;
        private final SplittableRandom random;
        private final long meanInterval;
        private int setpoint;
        /** The last single-register write, kept for the replayed-command scenario. */
        byte[] lastWrite;
        long lastWriteTime;

        ModbusSetpoints(ModbusLink link, int unit, int setpointRegister, int minimum, int maximum, int recipeRegister,
                int[][] recipes, long meanInterval, SplittableRandom random) {
            this.link = link;
            this.unit = unit;
            this.setpointRegister = setpointRegister;
            this.minimum = minimum;
            this.maximum = maximum;
            this.recipeRegister = recipeRegister;
            this.recipes = recipes;
            this.meanInterval = meanInterval;
            this.random = random;
            this.setpoint = minimum + 5 * random.nextInt((maximum - minimum) / 5 + 1);
            ModbusDevice.Bank holding = link.device.holdingRegisters;
            holding.written[setpointRegister - holding.start] = setpoint; // the PLC holds the last setpoint
        }

        int setpoint() {
            return setpoint;
        }

        @Override
        void step(long now) {
            TcpConnection connection = link.connection;
            if (!connection.open) {
                nextTime = now + 1_000_000_000L;
                return;
            }
            byte[] request;
            if (random.nextInt(4) == 0) {
                int[] recipe = recipes[random.nextInt(recipes.length)];
                request = ModbusCodec.writeMultipleRegisters(link.nextTransaction(), unit, recipeRegister, recipe);
            } else {
                int step = 5 * (1 + random.nextInt(2)) * (random.nextBoolean() ? 1 : -1);
                setpoint = Math.max(minimum, Math.min(maximum, setpoint + step));
                request = ModbusCodec.writeSingleRegister(link.nextTransaction(), unit, setpointRegister, setpoint);
                lastWrite = request;
                lastWriteTime = Math.max(now, connection.busyUntil);
            }
            long serverDelay = 3_000_000L + random.nextLong(8_000_000L);
            long at = Math.max(now, connection.busyUntil) + serverDelay;
            byte[] response = link.device.respond(request, at, random);
            connection.exchange(now, request, response, serverDelay, 150_000_000L, Long.MAX_VALUE, false, random, null,
                    null);
            nextTime = now + meanInterval / 2 + random.nextLong(meanInterval);
        }
    }

    /** An operator writing one word of a data block (write var) now and then. */
    static final class S7Setpoints extends Actor {
        private final S7Channel channel;
        private final S7Codec.Item item;
        private final int minimum;
        private final int maximum;
        private final long meanInterval;
        private final SplittableRandom random;
        private int value;

        S7Setpoints(S7Channel channel, S7Codec.Item item, int minimum, int maximum, long meanInterval,
                SplittableRandom random) {
            this.channel = channel;
            this.item = item;
            this.minimum = minimum;
            this.maximum = maximum;
            this.meanInterval = meanInterval;
            this.random = random;
            this.value = (minimum + maximum) / 2;
        }

        @Override
        void step(long now) {
            if (!channel.established) {
                nextTime = now + 1_000_000_000L;
                return;
            }
            value = Math.max(minimum, Math.min(maximum, value + (random.nextBoolean() ? 5 : -5)));
            byte[] word = new byte[2];
            Wire.put16(word, 0, value);
            int reference = channel.nextClientReference();
            byte[] request = S7Codec.writeVar(reference, new S7Codec.Item[] {item}, new byte[][] {word});
            byte[] response = S7Codec.writeVarAck(reference, 1);
            channel.connection.exchange(now, request, response, 4_000_000L + random.nextLong(10_000_000L), 150_000_000L,
                    Long.MAX_VALUE, false, random, null, null);
            nextTime = now + meanInterval / 2 + random.nextLong(meanInterval);
        }
    }
}
