package otb.dissect.s7comm;

import java.util.List;
import java.util.Optional;

/**
 * One S7 communication PDU (protocol id 0x32): header, parameter part and where its data part
 * lies. Offsets are absolute positions in the buffer the PDU was parsed from, valid only during
 * the parse call that produced it.
 *
 * @param header     the header
 * @param parameters the parameter part, by function
 * @param anomalies  stable snake_case flags for fields that break the protocol
 */
record S7Pdu(Header header, Parameters parameters, List<String> anomalies) {

    /**
     * The S7 header.
     *
     * @param rosctr          remote operating service control: 1 job, 2 ack, 3 ack-data, 7 userdata
     * @param pduReference    chosen by the requester, echoed by the response (0..65535)
     * @param parameterLength bytes of the parameter part
     * @param dataLength      bytes of the data part
     * @param errorClass      ack and ack-data only, else 0
     * @param errorCode       ack and ack-data only, else 0
     */
    record Header(int rosctr, int pduReference, int parameterLength, int dataLength, int errorClass,
                  int errorCode) {
        /** Error class and code as one 16-bit value. */
        int error() {
            return errorClass << 8 | errorCode;
        }
    }

    /** The parameter part, by function. */
    sealed interface Parameters permits NoParameters, SetupCommunication, VariableRequest, VariableResponse,
            BlockControl, PiService, Userdata, OtherFunction {
    }

    /** An ack without parameters. */
    record NoParameters() implements Parameters {
    }

    /** Setup communication (0xF0): the negotiated limits of the connection. */
    record SetupCommunication(int maxAmqCalling, int maxAmqCalled, int pduSize) implements Parameters {
    }

    /** Read var (0x04) or write var (0x05) job: the addressed items, and for writes the data items. */
    record VariableRequest(int function, List<VariableItem> items, List<DataItem> data) implements Parameters {
    }

    /** Ack-data of read var (data items with values) or write var (return codes only). */
    record VariableResponse(int function, int itemCount, List<DataItem> data) implements Parameters {
    }

    /**
     * Download (0x1A-0x1C) and upload (0x1D-0x1F) functions.
     *
     * @param filename    e.g. {@code _0A00001P}: '_', block type, five-digit number, destination file system; "" when absent
     * @param blockType   OB, DB, SDB, FC, SFC, FB, SFB; "" when absent
     * @param blockNumber decimal block number; -1 when absent or not a number
     */
    record BlockControl(int function, int status, String filename, String blockType, int blockNumber)
            implements Parameters {
    }

    /**
     * PLC control (0x28, PI service) and PLC stop (0x29).
     *
     * @param service the PI service name, e.g. {@code P_PROGRAM}, {@code _INSE}
     * @param blocks  blocks named in the parameter block of _INSE/_DELE, e.g. {@code DB1}
     */
    record PiService(int function, String service, List<String> blocks) implements Parameters {
    }

    /**
     * Userdata parameters and the header of its data part.
     *
     * @param method            0x11 request, 0x12 response (0x00 for mode transitions)
     * @param type              high nibble: 0 push, 4 request, 8 response
     * @param group             function group, low nibble
     * @param subfunction       subfunction (the current mode for mode transitions)
     * @param sequence          sequence number
     * @param continuation      extended parameters (data unit reference, last unit, error), when present
     * @param data              the data part's item, when present
     * @param items             variable items of a cyclic-data subscription request
     */
    record Userdata(int method, int type, int group, int subfunction, int sequence,
                    Optional<Continuation> continuation, Optional<DataItem> data, List<VariableItem> items)
            implements Parameters {
    }

    /**
     * The extended userdata parameter of responses split over several PDUs.
     *
     * @param dataUnitReference shared by the pieces of one response
     * @param lastDataUnit      false while more pieces follow
     * @param errorCode         0 or an error code (see {@link S7Names#errorCode})
     */
    record Continuation(int dataUnitReference, boolean lastDataUnit, int errorCode) {
    }

    /** A function this parser knows by number only. */
    record OtherFunction(int function) implements Parameters {
    }

    /**
     * An item of a read or write var request.
     *
     * @param syntaxId      0x10 for S7ANY; other syntaxes are recognised and not decoded (0xB0 DB read is)
     * @param transportSize S7ANY transport size (BIT, BYTE, WORD, ...)
     * @param length        number of elements of that size
     * @param dbNumber      DB number for areas DB and DI, else 0
     * @param area          memory area (0x84 DB, 0x81 inputs, ...)
     * @param address       24-bit address: byte * 8 + bit, or the number of a counter or timer
     * @param parameterItem index of the parameter item it comes from (a DB read item names several areas)
     */
    record VariableItem(int syntaxId, int transportSize, int length, int dbNumber, int area, int address,
                        int parameterItem) {
        int byteAddress() {
            return address >>> 3;
        }

        int bitAddress() {
            return address & 7;
        }
    }

    /**
     * A data item: return code, data transport size and where its value bytes lie.
     *
     * @param offset absolute offset of the value bytes
     * @param length value bytes (the wire length converted from bits where the transport size counts bits)
     */
    record DataItem(int returnCode, int transportSize, int offset, int length) {
    }
}
