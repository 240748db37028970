package otb.dissect;

/** Whether a message asks or answers. Unsolicited reports are responses without a request. */
public enum MessageRole {
    REQUEST, RESPONSE;

    public String wireName() {
        return this == REQUEST ? "request" : "response";
    }
}
