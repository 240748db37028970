package otb.dissect.s7comm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import otb.dissect.ProtocolDetail;

/** Per-message S7 fields for output: COTP connection frames, S7comm PDUs, S7comm-plus PDUs. */
public sealed interface S7Detail extends ProtocolDetail {

    /**
     * Rack and slot of the PLC and the connection type, from the called TSAP of the COTP
     * connection request (two-byte TSAPs only).
     */
    record Endpoint(int rack, int slot, String connectionType) {
    }

    /**
     * A COTP frame with no S7 payload: connection request/confirm, disconnect, error.
     *
     * @param tpdu        {@code CR}, {@code CC}, {@code DR}, {@code DC}, {@code ER}, or the hex code
     * @param callingTsap hex, "" when absent
     * @param calledTsap  hex, "" when absent
     * @param tsapText    the called (else calling) TSAP as text when it is one (S7-1200/1500), else ""
     * @param reason      disconnect reason or reject cause, 0 when none
     */
    record Cotp(String tpdu, String callingTsap, String calledTsap, String tsapText, Optional<Endpoint> endpoint,
                int reason) implements S7Detail {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("cotp", tpdu);
            if (!callingTsap.isEmpty()) {
                f.put("calling_tsap", callingTsap);
            }
            if (!calledTsap.isEmpty()) {
                f.put("called_tsap", calledTsap);
            }
            if (!tsapText.isEmpty()) {
                f.put("tsap_text", tsapText);
            }
            endpoint.ifPresent(e -> putEndpoint(f, e));
            if (reason != 0) {
                f.put("reason", reason);
            }
            return f;
        }
    }

    /**
     * An S7comm (0x32) PDU.
     *
     * @param rosctr       {@code job}, {@code ack}, {@code ack_data}, {@code userdata}
     * @param pduReference PDU reference, 0..65535
     * @param errorClass   header error class of ack/ack-data (0 when none)
     * @param errorCode    header error code of ack/ack-data (0 when none)
     * @param userdata     userdata group, subfunction, SZL reference
     * @param items        the variable items of a read/write var request (or of its paired response)
     * @param returnCodes  return codes of the data items
     * @param function     function-specific fields (PDU size, block, PI service, ...), in output order
     * @param endpoint     rack/slot of the connection, when its connection request was seen
     */
    record Pdu(String rosctr, int pduReference, int errorClass, int errorCode, Optional<Userdata> userdata,
               List<Item> items, List<Integer> returnCodes, Map<String, Object> function,
               Optional<Endpoint> endpoint) implements S7Detail {
        public Pdu {
            items = List.copyOf(items);
            returnCodes = List.copyOf(returnCodes);
            function = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(function));
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("rosctr", rosctr);
            f.put("pdu_ref", pduReference);
            if (errorClass != 0 || errorCode != 0) {
                f.put("error_class", errorClass);
                f.put("error_code", errorCode);
            }
            userdata.ifPresent(u -> u.put(f));
            if (!items.isEmpty()) {
                List<Object> list = new ArrayList<>(items.size());
                for (Item item : items) {
                    list.add(item.fields());
                }
                f.put("items", list);
            }
            if (!returnCodes.isEmpty()) {
                List<Object> list = new ArrayList<>(returnCodes.size());
                for (int code : returnCodes) {
                    list.add(S7Names.returnCode(code));
                }
                f.put("return_codes", list);
            }
            f.putAll(function);
            endpoint.ifPresent(e -> putEndpoint(f, e));
            return f;
        }
    }

    /**
     * Userdata parameters.
     *
     * @param type        {@code push}, {@code request}, {@code response}
     * @param group       function group, 0..15
     * @param subfunction subfunction; empty for mode transitions, whose byte is the current mode
     * @param currentMode the mode a mode-transition push reports
     * @param sequence    sequence number
     * @param szlId       SZL id of an SZL read (request, or the complete response)
     * @param szlIndex    SZL index, with {@code szlId}
     * @param returnCode  the data part's return code, when there is a data part
     * @param fragment    {@code first} or {@code more} for a piece of a response split over PDUs, else ""
     */
    record Userdata(String type, int group, OptionalInt subfunction, Optional<String> currentMode, int sequence,
                    OptionalInt szlId, OptionalInt szlIndex, OptionalInt returnCode, String fragment) {
        void put(Map<String, Object> f) {
            f.put("ud_type", type);
            f.put("group", group);
            if (subfunction.isPresent()) {
                f.put("subfunc", subfunction.getAsInt());
            }
            currentMode.ifPresent(mode -> f.put("current_mode", mode));
            f.put("seq", sequence);
            if (szlId.isPresent()) {
                f.put("szl_id", hex4(szlId.getAsInt()));
                f.put("szl_index", hex4(szlIndex.orElse(0)));
            }
            if (returnCode.isPresent()) {
                f.put("return_code", S7Names.returnCode(returnCode.getAsInt()));
            }
            if (!fragment.isEmpty()) {
                f.put("fragment", fragment);
            }
        }
    }

    /**
     * A variable item as addressed on the wire.
     *
     * @param syntax        syntax id name ({@code s7any}, {@code db_read}, ...)
     * @param area          area code (0x84 = DB, ...)
     * @param dbNumber      DB number (0 outside DB/DI)
     * @param address       24-bit address: byte * 8 + bit, or a counter/timer number
     * @param transportSize S7ANY transport size code
     * @param length        number of elements
     */
    record Item(int syntaxId, int area, int dbNumber, int address, int transportSize, int length) {
        Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("syntax", S7Names.syntaxId(syntaxId));
            if (syntaxId == 0x10 || syntaxId == 0xB0) {
                f.put("area", S7Names.area(area));
                if (area == S7Names.AREA_DATA_BLOCK || area == S7Names.AREA_INSTANCE_DATA_BLOCK) {
                    f.put("db", dbNumber);
                }
                f.put("address", addressText());
                f.put("size", S7Names.transportSize(transportSize));
                f.put("length", length);
            }
            return f;
        }

        /** {@code 10.2} as byte.bit, or the number of a counter or timer. */
        public String addressText() {
            return S7Names.isCounterOrTimer(area) ? Integer.toString(address)
                    : (address >>> 3) + "." + (address & 7);
        }
    }

    /**
     * An S7comm-plus (0x72) PDU, recognised but mostly opaque.
     *
     * @param version      protocol version byte (1, 2, 3; 0xFF keep-alive)
     * @param opcode       {@code request}, {@code response}, {@code notification}, {@code response2},
     *                     {@code keep_alive}, or the hex value
     * @param sequence     sequence number of requests and responses
     * @param sessionId    session id, visible in requests
     * @param integrity    the PDU carries an integrity digest (V2/V3), so its content is protected
     * @param opaqueBytes  bytes after the recognised header, not decoded
     * @param fragment     {@code first} when the PDU continues in later ones, else ""
     */
    record Plus(int version, String opcode, OptionalInt sequence, OptionalLong sessionId, boolean integrity,
                int opaqueBytes, String fragment) implements S7Detail {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("version", version);
            f.put("opcode", opcode);
            if (sequence.isPresent()) {
                f.put("seq", sequence.getAsInt());
            }
            if (sessionId.isPresent()) {
                f.put("session_id", String.format(Locale.ROOT, "0x%08x", sessionId.getAsLong()));
            }
            f.put("integrity", integrity);
            f.put("opaque_bytes", opaqueBytes);
            if (!fragment.isEmpty()) {
                f.put("fragment", fragment);
            }
            return f;
        }
    }

    private static void putEndpoint(Map<String, Object> f, Endpoint endpoint) {
        f.put("rack", endpoint.rack());
        f.put("slot", endpoint.slot());
        f.put("connection_type", endpoint.connectionType());
    }

    private static String hex4(int value) {
        return String.format(Locale.ROOT, "0x%04x", value);
    }
}
