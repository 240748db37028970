package otb.dissect;

/**
 * What a function does to the device itself, beyond its {@link OperationClass}: the operations
 * that change what a controller runs or whether it runs at all. Each dissector decides these for
 * its own functions (see {@link Protocol#functions()}); the baseline raises PROGRAM_OR_STOP for
 * any of them but NONE.
 */
public enum FunctionEffect {
    /** Nothing beyond the operation class. */
    NONE,
    /** Moves a program or its blocks into the device (download). */
    PROGRAM_DOWNLOAD,
    /** Reads a program or its blocks out of the device (upload): the step before a tampered download. */
    PROGRAM_UPLOAD,
    /** Changes the program in place: insert, delete, compress blocks, copy RAM to ROM, engineering commands. */
    PROGRAM_CHANGE,
    /** Stops the CPU or the application. */
    STOP,
    /** Starts the CPU or the application. */
    START,
    /** Starts or stops, or changes the program, depending on an argument (S7 PI services). */
    START_OR_STOP,
    /** Restarts the device, cold or warm. */
    RESTART,
    /** Clears the device's memory. */
    MEMORY_RESET,
    /** Replaces the device's firmware. */
    FIRMWARE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
