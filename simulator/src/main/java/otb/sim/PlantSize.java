package otb.sim;

import java.time.Duration;

/**
 * Extra plant to simulate beside the demo plant, for benchmarks and sizing: {@code cells} more
 * cells ({@code 172.16.0.0/24}, {@code 172.16.1.0/24}, ... named {@code cell-1}, {@code cell-2},
 * ...), each with one HMI polling {@code devicesPerCell} Modbus servers every {@code period};
 * each server holds {@code pointsPerDevice} holding registers read in blocks of at most 125, of
 * which the first {@code moving} fraction are analog signals with noise (values that move) and
 * the rest constants.
 *
 * @param cells           extra cells, 1..{@value #MAX_CELLS}
 * @param devicesPerCell  Modbus servers per cell, 1..{@value #MAX_DEVICES_PER_CELL}
 * @param pointsPerDevice holding registers per server, 1..{@value #MAX_POINTS_PER_DEVICE}
 * @param moving          fraction of each server's registers whose values move, 0..1
 * @param period          polling cycle of every server
 */
public record PlantSize(int cells, int devicesPerCell, int pointsPerDevice, double moving, Duration period) {
    public static final int MAX_CELLS = 1024;
    public static final int MAX_DEVICES_PER_CELL = 240;
    public static final int MAX_POINTS_PER_DEVICE = 10_000;
    /** Registers in one read request (Modbus allows 125). */
    static final int READ_BLOCK = 125;
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

    public PlantSize {
        if (cells < 1 || cells > MAX_CELLS) {
            throw new IllegalArgumentException("cells must be in 1.." + MAX_CELLS + ": " + cells);
        }
        if (devicesPerCell < 1 || devicesPerCell > MAX_DEVICES_PER_CELL) {
            throw new IllegalArgumentException("devices per cell must be in 1.." + MAX_DEVICES_PER_CELL + ": "
                    + devicesPerCell);
        }
        if (pointsPerDevice < 1 || pointsPerDevice > MAX_POINTS_PER_DEVICE) {
            throw new IllegalArgumentException("points per device must be in 1.." + MAX_POINTS_PER_DEVICE + ": "
                    + pointsPerDevice);
        }
        if (!(moving >= 0 && moving <= 1)) {
            throw new IllegalArgumentException("the moving fraction must be in 0..1: " + moving);
        }
        if (period == null || period.toMillis() < 10 || period.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("the polling period must be in 10ms..1h: " + period);
        }
    }

    /** Servers in the extra cells. */
    public long devices() {
        return (long) cells * devicesPerCell;
    }

    /** Points in the extra cells. */
    public long points() {
        return devices() * pointsPerDevice;
    }
}
