package otb.sim;

import java.util.SplittableRandom;

/**
 * A DNP3 outstation (RTU): binary inputs, 16-bit analog inputs and counters, each a
 * {@link Signal}, with class 1 change events against the last values reported.
 */
final class Dnp3Outstation {
    /** Group 1 var 2 / group 2 flag octet: ONLINE, state in bit 7 (IEEE 1815-2012 A.2, A.3). */
    private static final int FLAG_ONLINE = 0x01;
    private static final int FLAG_STATE = 0x80;
    /** Largest number of events of one kind per response; the rest wait for the next poll. */
    private static final int MAXIMUM_EVENTS = 12;

    final Host host;
    final int address;
    final Signal[] binaries;
    final Signal[] analogs;
    final Signal[] counters;
    /**
     * Per analog point: an event is raised when the value moves more than this from the last
     * reported value; a third of the signal's swing, at least 2 counts.
     */
    private final int[] deadbands;
    private final int[] reportedBinary;
    private final int[] reportedAnalog;

    Dnp3Outstation(Host host, int address, Signal[] binaries, Signal[] analogs, Signal[] counters) {
        this.host = host;
        this.address = address;
        this.binaries = binaries;
        this.analogs = analogs;
        this.counters = counters;
        this.deadbands = new int[analogs.length];
        for (int i = 0; i < analogs.length; i++) {
            double swing = analogs[i] instanceof Signal.Analog analog ? analog.amplitude() : 0;
            deadbands[i] = Math.max(2, (int) Math.round(swing / 3));
        }
        this.reportedBinary = new int[binaries.length];
        this.reportedAnalog = new int[analogs.length];
        java.util.Arrays.fill(reportedBinary, -1);
        java.util.Arrays.fill(reportedAnalog, -1);
    }

    /** Class 0 response objects: g1v2, g30v2 and g20v1 over all points (static data). */
    void writeStaticData(Dnp3Codec.Fragment fragment, long time, SplittableRandom random) {
        fragment.range8(1, 2, 0, binaries.length - 1);
        for (int i = 0; i < binaries.length; i++) {
            int state = binaries[i].value(time, random);
            reportedBinary[i] = state;
            fragment.put(FLAG_ONLINE | (state != 0 ? FLAG_STATE : 0));
        }
        fragment.range8(30, 2, 0, analogs.length - 1);
        for (int i = 0; i < analogs.length; i++) {
            int value = analogs[i].value(time, random) & 0x7FFF;
            reportedAnalog[i] = value;
            fragment.put(FLAG_ONLINE).put16(value);
        }
        fragment.range8(20, 1, 0, counters.length - 1);
        for (Signal counter : counters) {
            fragment.put(FLAG_ONLINE).put32(counter.value(time, random));
        }
    }

    /**
     * Class 1 events since the last report: g2v2 (binary input event with absolute time) and
     * g32v2 (16-bit analog input event without time). Returns whether there were any.
     */
    boolean writeEvents(Dnp3Codec.Fragment fragment, long time, SplittableRandom random) {
        int[] binaryChanged = new int[binaries.length];
        int binaryCount = 0;
        for (int i = 0; i < binaries.length && binaryCount < MAXIMUM_EVENTS; i++) {
            int state = binaries[i].value(time, random);
            if (reportedBinary[i] >= 0 && state != reportedBinary[i]) {
                binaryChanged[binaryCount++] = i;
            }
        }
        int[] analogChanged = new int[analogs.length];
        int[] analogValue = new int[analogs.length];
        int analogCount = 0;
        for (int i = 0; i < analogs.length && analogCount < MAXIMUM_EVENTS; i++) {
            int value = analogs[i].value(time, random) & 0x7FFF;
            if (reportedAnalog[i] >= 0 && Math.abs(value - reportedAnalog[i]) > deadbands[i]) {
                analogChanged[analogCount] = i;
                analogValue[analogCount++] = value;
            }
        }
        long milliseconds = time / 1_000_000L;
        if (binaryCount > 0) {
            fragment.indexed8(2, 2, binaryCount);
            for (int k = 0; k < binaryCount; k++) {
                int index = binaryChanged[k];
                int state = 1 - reportedBinary[index];
                reportedBinary[index] = state;
                long changed = milliseconds - 150 - 97L * k; // the change happened a little before the poll
                fragment.put(index).put(FLAG_ONLINE | (state != 0 ? FLAG_STATE : 0)).put48(changed);
            }
        }
        if (analogCount > 0) {
            fragment.indexed8(32, 2, analogCount);
            for (int k = 0; k < analogCount; k++) {
                reportedAnalog[analogChanged[k]] = analogValue[k];
                fragment.put(analogChanged[k]).put(FLAG_ONLINE).put16(analogValue[k]);
            }
        }
        return binaryCount + analogCount > 0;
    }
}
