package otb.dissect.s7comm;

import java.nio.ByteBuffer;
import java.util.List;
import otb.dissect.OtMessage;
import otb.dissect.s7comm.S7Pdu.DataItem;
import otb.dissect.s7comm.S7Pdu.VariableItem;

/** The points of an S7 variable access: the ranges its items name and the values its data items carry. */
final class S7Points {
    /** Syntax id of a DB read item: its answer holds a return code and the bytes of each area. */
    private static final int DB_READ = 0xB0;

    private S7Points() {
    }

    /**
     * The points an item touches: bytes of its area, bits (byte * 8 + bit) for BIT access,
     * numbers for counters and timers. Items of other syntaxes touch no known point.
     */
    static void addRanges(OtMessage.Builder message, List<VariableItem> items) {
        int added = 0;
        for (VariableItem item : items) {
            if (added == S7Limits.MAX_RANGES_PER_MESSAGE || item.area() == 0 || item.length() == 0) {
                continue;
            }
            boolean bits = item.transportSize() == S7Names.TRANSPORT_BIT;
            String space = S7Names.space(item.area(), item.dbNumber(), bits);
            if (S7Names.isCounterOrTimer(item.area()) || bits) {
                message.range(space, item.address(), item.length());
            } else {
                int size = Math.max(1, S7Names.elementBytes(item.transportSize()));
                message.range(space, item.byteAddress(), (long) item.length() * size);
            }
            added++;
        }
    }

    /**
     * Values of a data item, read with the S7ANY transport size of its item: BIT as 0/1, BYTE and
     * CHAR unsigned, WORD and DWORD unsigned, INT and DINT signed, REAL as IEEE 754 single.
     * Counters, timers and date/time types are not turned into numbers.
     */
    static void addValues(OtMessage.Builder message, ByteBuffer in, List<DataItem> data,
                          List<VariableItem> items) {
        int first = 0;
        for (int i = 0; i < data.size(); i++) {
            DataItem value = data.get(i);
            if (value.returnCode() != S7Names.RETURN_SUCCESS && value.returnCode() != 0) {
                continue;
            }
            while (first < items.size() && items.get(first).parameterItem() < i) {
                first++;
            }
            if (first == items.size() || items.get(first).parameterItem() != i) {
                continue;
            }
            if (items.get(first).syntaxId() == DB_READ) {
                dbReadValues(message, in, value, items, first);
            } else {
                addValues(message, in, value, items.get(first));
            }
        }
    }

    /** A DB read answer holds, per requested area, a return code and the area's bytes. */
    private static void dbReadValues(OtMessage.Builder message, ByteBuffer in, DataItem data,
                                     List<VariableItem> items, int first) {
        int position = data.offset();
        int end = data.offset() + data.length();
        int index = items.get(first).parameterItem();
        for (int i = first; i < items.size() && items.get(i).parameterItem() == index; i++) {
            VariableItem area = items.get(i);
            if (position + 1 + area.length() > end) {
                return;
            }
            if ((in.get(position) & 0xFF) == S7Names.RETURN_SUCCESS) {
                String space = S7Names.space(area.area(), area.dbNumber(), false);
                int count = Math.min(area.length(), S7Limits.MAX_VALUES_PER_MESSAGE);
                message.expectValues(count);
                for (int b = 0; b < count; b++) {
                    message.value(space, area.byteAddress() + b, in.get(position + 1 + b) & 0xFF);
                }
            }
            position += 1 + area.length();
        }
    }

    private static void addValues(OtMessage.Builder message, ByteBuffer in, DataItem data, VariableItem item) {
        if (item.area() == 0 || S7Names.isCounterOrTimer(item.area())) {
            return;
        }
        int transportSize = item.transportSize();
        if (transportSize == S7Names.TRANSPORT_BIT) {
            String space = S7Names.space(item.area(), item.dbNumber(), true);
            int count = Math.min(data.length(), S7Limits.MAX_VALUES_PER_MESSAGE);
            message.expectValues(count);
            for (int i = 0; i < count; i++) {
                message.value(space, item.address() + i, in.get(data.offset() + i) & 0x01);
            }
            return;
        }
        int size = switch (transportSize) {
            case 0x02, 0x03 -> 1;
            case 0x04, 0x05 -> 2;
            case 0x06, 0x07, 0x08 -> 4;
            default -> 0;
        };
        if (size == 0) {
            return;
        }
        String space = S7Names.space(item.area(), item.dbNumber(), false);
        int count = Math.min(data.length() / size, S7Limits.MAX_VALUES_PER_MESSAGE);
        message.expectValues(count);
        for (int i = 0; i < count; i++) {
            int at = data.offset() + i * size;
            double value = switch (transportSize) {
                case 0x02, 0x03 -> in.get(at) & 0xFF;
                case 0x04 -> in.getShort(at) & 0xFFFF;
                case 0x05 -> in.getShort(at);
                case 0x06 -> in.getInt(at) & 0xFFFFFFFFL;
                case 0x07 -> in.getInt(at);
                default -> in.getFloat(at);
            };
            message.value(space, item.byteAddress() + (long) i * size, value);
        }
    }
}
