package otb.dissect.enip;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Common packet format (Vol 2 2-6): an item count (UINT) and that many items, each a type id
 * (UINT), a length (UINT) and its data. Address items say where a message goes, data items
 * carry it.
 */
final class CommonPacketFormat {
    private CommonPacketFormat() {
    }

    /** Vol 2 table 2-6.3: item type ids. */
    static final int NULL_ADDRESS = 0x0000;
    static final int LIST_IDENTITY_ITEM = 0x000C;
    static final int CONNECTED_ADDRESS = 0x00A1;
    static final int CONNECTED_DATA = 0x00B1;
    static final int UNCONNECTED_DATA = 0x00B2;
    static final int LIST_SERVICES_ITEM = 0x0100;
    static final int SOCKADDR_O_TO_T = 0x8000;
    static final int SOCKADDR_T_TO_O = 0x8001;
    static final int SEQUENCED_ADDRESS = 0x8002;
    /** Vol 2 2-6.2.2: a connected address item holds the connection id (UDINT). */
    static final int CONNECTED_ADDRESS_BYTES = 4;
    /** Vol 2 2-6.2.3: a sequenced address item holds the connection id and a sequence number (UDINTs). */
    static final int SEQUENCED_ADDRESS_BYTES = 8;

    /**
     * One item: its type and where its data lies in the buffer being parsed.
     *
     * @param type   the type id, 16 bits
     * @param offset absolute index of the item's data
     * @param length bytes of data, 0..65535
     */
    record Item(int type, int offset, int length) {
    }

    /**
     * The items, or what went wrong.
     *
     * @param items   the items read, in order
     * @param problem "" when the items fill the bytes exactly, else an anomaly flag
     */
    record Items(List<Item> items, String problem) {
        Item first(int type) {
            for (Item item : items) {
                if (item.type == type) {
                    return item;
                }
            }
            return null;
        }

        /** The first data item, connected or unconnected. */
        Item data() {
            for (Item item : items) {
                if (item.type == CONNECTED_DATA || item.type == UNCONNECTED_DATA) {
                    return item;
                }
            }
            return null;
        }
    }

    /** Reads the items of {@code in} from {@code at} to {@code end} (exclusive). */
    static Items parse(ByteBuffer in, int at, int end) {
        if (end - at < 2) {
            return new Items(List.of(), "truncated_item_count");
        }
        int count = LittleEndian.u16(in, at);
        if (count > EnipLimits.MAX_ITEMS) {
            return new Items(List.of(), "too_many_items");
        }
        List<Item> items = new ArrayList<>(count);
        int position = at + 2;
        for (int i = 0; i < count; i++) {
            if (end - position < 4) {
                return new Items(items, "truncated_item");
            }
            int type = LittleEndian.u16(in, position);
            int length = LittleEndian.u16(in, position + 2);
            if (length > end - position - 4) {
                return new Items(items, "item_length_exceeds_data");
            }
            items.add(new Item(type, position + 4, length));
            position += 4 + length;
        }
        return new Items(items, position == end ? "" : "bytes_after_items");
    }
}
