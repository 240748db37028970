package otb.dissect;

/** Industrial protocols otb dissects. */
public enum Protocol {
    MODBUS("modbus"),
    DNP3("dnp3"),
    S7COMM("s7comm"),
    S7COMM_PLUS("s7comm-plus");

    private final String wireName;

    Protocol(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in records, alerts and the database. */
    public String wireName() {
        return wireName;
    }
}
