package otb.capture;

/** Which way a packet travels within a flow, relative to the flow's client and server. */
public enum Direction {
    /** From the client (connection initiator, or polling side by heuristic) to the server. */
    TO_SERVER,
    /** From the server back to the client. */
    TO_CLIENT;

    public Direction reverse() {
        return this == TO_SERVER ? TO_CLIENT : TO_SERVER;
    }
}
