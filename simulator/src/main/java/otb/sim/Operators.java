package otb.sim;

import java.util.SplittableRandom;

/** Occasional operator actions from the HMIs: setpoint writes over Modbus and S7comm. */
final class Operators {
    private Operators() {
    }

    /**
     * An operator switching production grades: FC 6 writes of the setpoint register cycling
     * through a few grade values, and every fourth write a recipe pair (FC 16 on two registers)
     * cycling through the recipes. Cycling, rather than wandering, keeps every value an analysis
     * capture writes inside what a 20-minute learning capture has seen.
     */
    static final class ModbusSetpoints extends Actor {
        private final ModbusLink link;
        private final int unit;
        private final int setpointRegister;
        private final int[] grades;
        private final int recipeRegister;
        private final int[][] recipes;
        private final SplittableRandom random;
        private final long meanInterval;
        private int writes;
        private int grade;
        private int recipe;
        /** The last single-register write, kept for the replayed-command scenario. */
        byte[] lastWrite;

        ModbusSetpoints(ModbusLink link, int unit, int setpointRegister, int[] grades, int recipeRegister,
                int[][] recipes, long meanInterval, SplittableRandom random) {
            this.link = link;
            this.unit = unit;
            this.setpointRegister = setpointRegister;
            this.grades = grades;
            this.recipeRegister = recipeRegister;
            this.recipes = recipes;
            this.meanInterval = meanInterval;
            this.random = random;
            this.grade = random.nextInt(grades.length);
            this.recipe = random.nextInt(recipes.length);
            ModbusDevice.Bank holding = link.device.holdingRegisters;
            holding.written[setpointRegister - holding.start] = grades[grade]; // the PLC holds the last setpoint
        }

        int setpoint() {
            return grades[grade];
        }

        @Override
        void step(long now) {
            TcpConnection connection = link.connection;
            if (!connection.open) {
                nextTime = now + 1_000_000_000L;
                return;
            }
            byte[] request;
            if (writes++ % 4 == 3) {
                recipe = (recipe + 1) % recipes.length;
                request = ModbusCodec.writeMultipleRegisters(link.nextTransaction(), unit, recipeRegister,
                        recipes[recipe]);
            } else {
                grade = (grade + 1) % grades.length;
                request = ModbusCodec.writeSingleRegister(link.nextTransaction(), unit, setpointRegister,
                        grades[grade]);
                lastWrite = request;
            }
            long serverDelay = 3_000_000L + random.nextLong(8_000_000L);
            long at = Math.max(now, connection.busyUntil) + serverDelay;
            byte[] response = link.device.respond(request, at, random);
            connection.exchange(now, request, response, serverDelay, 150_000_000L, Long.MAX_VALUE, false, random, null,
                    null);
            nextTime = now + meanInterval / 2 + random.nextLong(meanInterval);
        }
    }

    /** An operator writing one word of a data block (write var) now and then, cycling a few values. */
    static final class S7Setpoints extends Actor {
        private final S7Channel channel;
        private final S7Codec.Item item;
        private final int[] values;
        private final long meanInterval;
        private final SplittableRandom random;
        private int index;

        S7Setpoints(S7Channel channel, S7Codec.Item item, int[] values, long meanInterval, SplittableRandom random) {
            this.channel = channel;
            this.item = item;
            this.values = values;
            this.meanInterval = meanInterval;
            this.random = random;
            this.index = random.nextInt(values.length);
        }

        @Override
        void step(long now) {
            if (!channel.established) {
                nextTime = now + 1_000_000_000L;
                return;
            }
            index = (index + 1) % values.length;
            byte[] word = new byte[2];
            Wire.put16(word, 0, values[index]);
            int reference = channel.nextClientReference();
            byte[] request = S7Codec.writeVar(reference, new S7Codec.Item[] {item}, new byte[][] {word});
            byte[] response = S7Codec.writeVarAck(reference, 1);
            channel.connection.exchange(now, request, response, 4_000_000L + random.nextLong(10_000_000L), 150_000_000L,
                    Long.MAX_VALUE, false, random, null, null);
            nextTime = now + meanInterval / 2 + random.nextLong(meanInterval);
        }
    }
}
