package otb.dissect.s7comm;

import java.nio.ByteBuffer;
import java.util.Map;
import otb.dissect.s7comm.S7Pdu.BlockControl;
import otb.dissect.s7comm.S7Pdu.DataItem;
import otb.dissect.s7comm.S7Pdu.PiService;
import otb.dissect.s7comm.S7Pdu.SetupCommunication;

/** The per-function fields of an S7 record: setup communication, block control, PI services. */
final class S7Fields {
    private S7Fields() {
    }

    static void setupFields(SetupCommunication setup, Map<String, Object> fields) {
        fields.put("pdu_size", setup.pduSize());
        fields.put("max_amq_calling", setup.maxAmqCalling());
        fields.put("max_amq_called", setup.maxAmqCalled());
    }

    static void blockFields(BlockControl block, Map<String, Object> fields) {
        if (!block.filename().isEmpty()) {
            fields.put("filename", block.filename());
        }
        if (!block.blockType().isEmpty()) {
            fields.put("block_type", block.blockType());
        }
        if (block.blockNumber() >= 0) {
            fields.put("block_number", block.blockNumber());
        }
    }

    /**
     * Block functions name a block type (two characters, "0A" = DB) for "list blocks of type"
     * and type, five-digit number and file system for "get block info".
     */
    static void blockFunctionFields(ByteBuffer in, DataItem data, int subfunction, Map<String, Object> fields) {
        S7Parser.Section bytes = new S7Parser.Section(in, data.offset(), data.offset() + data.length());
        if ((subfunction == 0x02 || subfunction == 0x03) && bytes.has(0, 2)) {
            fields.put("block_type", S7Names.blockType(bytes.ascii(0, 2)));
        }
        if (subfunction == 0x03 && bytes.has(2, 5)) {
            int number = S7Parser.digits(bytes.ascii(2, 5));
            if (number >= 0) {
                fields.put("block_number", number);
            }
        }
    }

    static void piFields(PiService pi, Map<String, Object> fields) {
        if (!pi.service().isEmpty()) {
            fields.put("pi_service", pi.service());
            String description = S7Names.piServiceDescription(pi.service());
            if (!description.isEmpty()) {
                fields.put("pi_description", description);
            }
        }
        if (!pi.blocks().isEmpty()) {
            fields.put("blocks", pi.blocks());
        }
    }
}
