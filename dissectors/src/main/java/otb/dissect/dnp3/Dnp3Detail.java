package otb.dissect.dnp3;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import otb.dissect.ProtocolDetail;

/**
 * The DNP3 fields of a message beyond the common ones: link layer addresses and control of the
 * frame that completed it, the transport header, and the application layer.
 *
 * @param link            the link frame that completed the message (its user data is not output)
 * @param transportHeader the transport header octet of that frame, or -1 for link-only frames
 * @param segments        transport segments the application fragment was joined from (0 for link-only)
 * @param application     the application fragment, or null for link-only frames
 */
record Dnp3Detail(LinkFrame link, int transportHeader, int segments, ApplicationFragment application)
        implements ProtocolDetail {

    static final int NO_TRANSPORT = -1;

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("link_src", link.source());
        f.put("link_dst", link.destination());
        Map<String, Object> control = new LinkedHashMap<>();
        control.put("dir", link.fromMaster());
        control.put("prm", link.primary());
        if (link.primary()) {
            control.put("fcb", link.frameCountBit());
            control.put("fcv", link.frameCountValidOrDataFlowControl());
        } else {
            control.put("dfc", link.frameCountValidOrDataFlowControl());
        }
        control.put("func", link.function());
        control.put("func_name", link.functionName());
        f.put("link", control);
        if (transportHeader != NO_TRANSPORT) {
            Map<String, Object> transport = new LinkedHashMap<>();
            transport.put("fir", (transportHeader & TransportReassembler.FIR) != 0);
            transport.put("fin", (transportHeader & TransportReassembler.FIN) != 0);
            transport.put("seq", transportHeader & TransportReassembler.SEQ_MASK);
            transport.put("segments", segments);
            f.put("transport_header", transport);
        }
        if (application != null) {
            f.put("seq", application.sequence());
            Map<String, Object> app = new LinkedHashMap<>();
            app.put("fir", application.first());
            app.put("fin", application.last());
            app.put("con", application.confirmRequested());
            app.put("uns", application.unsolicited());
            app.put("seq", application.sequence());
            f.put("app", app);
            if (application.iin() != ApplicationFragment.NO_IIN) {
                f.put("iin", application.iinNames());
            }
            if (!application.objects().isEmpty()) {
                List<Object> objects = new ArrayList<>(application.objects().size());
                for (ObjectBlock block : application.objects()) {
                    objects.add(block.fields());
                }
                f.put("objects", objects);
            }
        }
        return f;
    }
}
