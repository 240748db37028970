package otb.dissect;

/**
 * What a message does to the device, independent of the protocol's function numbers. The
 * baseline reasons in these classes only. A response carries the class of its request.
 */
public enum OperationClass {
    /** Reads process data, configuration or blocks without changing the device. */
    READ,
    /** Changes process data: registers, coils, variables, setpoints. */
    WRITE,
    /** Operates outputs or the CPU: select/operate, freeze, PLC start/stop, forcing, mode changes. */
    CONTROL,
    /** Changes the program: block download, insert, delete, compress, firmware. */
    PROGRAM,
    /** Asks the device about itself: diagnostics, identification, SZL, event logs. */
    DIAGNOSTIC,
    /** Manages the session or device: restarts, communication setup, clock, unsolicited enable. */
    MANAGEMENT,
    /** File transfer services. */
    FILE,
    /** Authentication exchanges. */
    AUTHENTICATION,
    /** Link-layer frames with no application function (DNP3 link status, COTP connect). */
    LINK,
    /** A function the dissector recognises but cannot class (user-defined, vendor, unknown). */
    OTHER;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
