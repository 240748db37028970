package otb.dissect.dnp3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A decoded application layer fragment (IEEE 1815-2012 clause 4): application control,
 * function code, internal indications on responses, and object headers.
 *
 * @param control   the application control octet (FIR 0x80, FIN 0x40, CON 0x20, UNS 0x10, SEQ 0x0F)
 * @param function  function code 0..255
 * @param iin       internal indications, IIN1 in bits 15-8 and IIN2 in bits 7-0; -1 on requests
 * @param objects   object headers decoded, in order
 * @param identity  device attributes (group 0) that identify the device, by otb identity key
 * @param anomalies stable snake_case flags
 */
record ApplicationFragment(int control, int function, int iin, List<ObjectBlock> objects,
                           Map<String, String> identity, List<String> anomalies) {

    static final int FIR = 0x80;
    static final int FIN = 0x40;
    static final int CON = 0x20;
    static final int UNS = 0x10;
    static final int SEQ_MASK = 0x0F;
    static final int NO_IIN = -1;

    ApplicationFragment {
        objects = List.copyOf(objects);
        identity = Map.copyOf(identity);
        anomalies = List.copyOf(anomalies);
    }

    boolean first() { return (control & FIR) != 0; }

    boolean last() { return (control & FIN) != 0; }

    boolean confirmRequested() { return (control & CON) != 0; }

    boolean unsolicited() { return (control & UNS) != 0; }

    int sequence() { return control & SEQ_MASK; }

    /** IIN1 (first octet) bit names, clause 4, bit 0 first. */
    private static final String[] IIN1 = {
        "broadcast", "class_1_events", "class_2_events", "class_3_events",
        "need_time", "local_control", "device_trouble", "device_restart"};
    /** IIN2 (second octet) bit names, clause 4, bit 0 first. */
    private static final String[] IIN2 = {
        "no_func_code_support", "object_unknown", "parameter_error", "event_buffer_overflow",
        "already_executing", "config_corrupt", "reserved_2", "reserved_1"};

    /** Names of the internal indications set, IIN1 bit 0 first; empty on requests. */
    List<String> iinNames() {
        List<String> names = new ArrayList<>(4);
        if (iin == NO_IIN) {
            return names;
        }
        for (int bit = 0; bit < 8; bit++) {
            if ((iin & (0x100 << bit)) != 0) {
                names.add(IIN1[bit]);
            }
        }
        for (int bit = 0; bit < 8; bit++) {
            if ((iin & (1 << bit)) != 0) {
                names.add(IIN2[bit]);
            }
        }
        return names;
    }
}
