package otb.dissect.goose;

import otb.capture.Transport;
import otb.dissect.OperationClass;
import otb.dissect.Protocol;

/** The IEC 61850 GOOSE descriptor (see {@link Protocol}). */
public final class GooseProtocol {
    private GooseProtocol() {
    }

    /** EtherType of GOOSE (IEC 61850-8-1, annex C: 0x88B8, IEEE registered). */
    public static final int ETHERTYPE = 0x88B8;

    /** The one record name of a GOOSE publication: GOOSE has no function codes. */
    static final String PUBLISH_NAME = "publish";

    /**
     * IEC 61850-8-1 GOOSE: a publisher multicasts its data set to subscribers, again and again
     * (sqNum counts the repetitions), and at once when a value changes (stNum counts the changes).
     * A publication reports state: class READ, sent by the flow's client (the publisher) to a group.
     */
    public static final Protocol DESCRIPTOR = Protocol.builder("goose", "IEC 61850 GOOSE", "#0e7490")
            .hintPort(Transport.ETHERNET, ETHERTYPE)
            .roles("goose_publisher", "goose_subscriber")
            .function(-1, PUBLISH_NAME, OperationClass.READ)
            .build();
}
