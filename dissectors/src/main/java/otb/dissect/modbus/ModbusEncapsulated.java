package otb.dissect.modbus;

import static otb.dissect.modbus.ModbusParser.fixed;
import static otb.dissect.modbus.ModbusParser.u8;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import otb.dissect.modbus.ModbusPdu.DeviceObject;
import otb.dissect.modbus.ModbusPdu.EncapsulatedInterfaceTransport;
import otb.dissect.modbus.ModbusPdu.ReadDeviceIdentificationRequest;
import otb.dissect.modbus.ModbusPdu.ReadDeviceIdentificationResponse;
import otb.dissect.modbus.ModbusPdu.Undecoded;

/**
 * Encapsulated interface transport (function 43; Modbus Application Protocol V1.1b3, clauses
 * 6.19-6.21): read device identification decoded, other MEI types named, for {@link ModbusParser}
 * with its rules: absolute gets only, anomalies flagged, never a throw on wire data.
 */
final class ModbusEncapsulated {
    /** Clause 6.21: read device id codes 1 (basic) .. 4 (one specific object). */
    static final int MAX_READ_DEVICE_ID_CODE = 4;

    private ModbusEncapsulated() {
    }

    /** The data of function 43: its MEI type, then read device identification decoded, others named. */
    static ModbusPdu decode(ByteBuffer b, int data, int dataLength, boolean response, List<String> anomalies) {
        if (dataLength < 1) {
            anomalies.add("length_mismatch");
            return new Undecoded(ModbusFunctions.ENCAPSULATED_INTERFACE_TRANSPORT, dataLength);
        }
        int meiType = u8(b, data);
        if (meiType != ModbusFunctions.MEI_READ_DEVICE_IDENTIFICATION) {
            return other(meiType, dataLength, anomalies);
        }
        return response ? deviceIdResponse(b, data, dataLength, meiType, anomalies)
                : deviceIdRequest(b, data, dataLength, meiType, anomalies);
    }

    private static ModbusPdu deviceIdRequest(ByteBuffer b, int data, int dataLength, int meiType,
                                             List<String> anomalies) {
        // Clause 6.21: MEI type 14, read device id code, object id.
        if (!fixed(dataLength, 3, anomalies)) {
            return new EncapsulatedInterfaceTransport(meiType, dataLength - 1);
        }
        int code = u8(b, data + 1);
        if (code < 1 || code > MAX_READ_DEVICE_ID_CODE) {
            anomalies.add("invalid_read_device_id_code");
        }
        return new ReadDeviceIdentificationRequest(code, u8(b, data + 2));
    }

    private static ModbusPdu deviceIdResponse(ByteBuffer b, int data, int dataLength, int meiType,
                                              List<String> anomalies) {
        // Clause 6.21: MEI type, read device id code, conformity level, more follows, next object id,
        // number of objects, then objects (id, length, value).
        if (dataLength < 6) {
            anomalies.add("length_mismatch");
            return new EncapsulatedInterfaceTransport(meiType, dataLength - 1);
        }
        int objectCount = u8(b, data + 5);
        int end = data + dataLength;
        List<DeviceObject> objects = new ArrayList<>(Math.min(objectCount, 8));
        int at = data + 6;
        for (int i = 0; i < objectCount; i++) {
            if (at + 2 > end || at + 2 + u8(b, at + 1) > end) {
                anomalies.add("length_mismatch");
                break;
            }
            int objectLength = u8(b, at + 1);
            objects.add(new DeviceObject(u8(b, at), text(b, at + 2, objectLength)));
            at += 2 + objectLength;
        }
        if (objects.size() == objectCount && at != end) {
            anomalies.add("length_mismatch");
        }
        return new ReadDeviceIdentificationResponse(u8(b, data + 1), u8(b, data + 2), u8(b, data + 3),
                u8(b, data + 4), objects);
    }

    private static ModbusPdu other(int meiType, int dataLength, List<String> anomalies) {
        if (meiType != ModbusFunctions.MEI_CANOPEN_GENERAL_REFERENCE) {
            anomalies.add("unknown_mei_type");
        }
        return new EncapsulatedInterfaceTransport(meiType, dataLength - 1);
    }

    /** Printable ASCII kept; any other byte written as \xNN so the text stays honest and one line. */
    static String text(ByteBuffer b, int at, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int c = b.get(at + i) & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\\') {
                text.append((char) c);
            } else {
                text.append("\\x").append(Character.forDigit(c >>> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
        return text.toString();
    }
}
