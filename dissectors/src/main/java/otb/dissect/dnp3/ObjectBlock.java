package otb.dissect.dnp3;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One object header of an application fragment (IEEE 1815-2012 clause 4) and the objects
 * decoded after it.
 *
 * @param group      object group, 0..255
 * @param variation  object variation, 0..255 (0: any variation, in requests)
 * @param qualifier  the qualifier octet: bit 7 reserved, bits 6-4 prefix code, bits 3-0 range code
 * @param rangeStart first index of a start-stop range (range codes 0-5), else -1
 * @param rangeStop  last index of a start-stop range, else -1
 * @param count      objects announced by the range field; 0 for range code 6 (all objects)
 * @param points     objects decoded (index and value), possibly fewer than announced
 */
record ObjectBlock(int group, int variation, int qualifier, long rangeStart, long rangeStop, long count,
                   List<ObjectPoint> points) {

    static final long NO_RANGE = -1;

    ObjectBlock {
        points = List.copyOf(points);
    }

    int prefixCode() {
        return (qualifier >> 4) & 0x07;
    }

    int rangeCode() {
        return qualifier & 0x0F;
    }

    boolean isStartStop() {
        return rangeStart >= 0;
    }

    boolean isAll() {
        return rangeCode() == ApplicationParser.RANGE_ALL;
    }

    /** The header and its objects as output fields. */
    Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("group", group);
        f.put("variation", variation);
        f.put("qualifier", qualifier);
        if (isStartStop()) {
            f.put("start", rangeStart);
            f.put("stop", rangeStop);
        } else if (isAll()) {
            f.put("all", true);
        } else {
            f.put("count", count);
        }
        if (!points.isEmpty()) {
            List<Object> items = new ArrayList<>(points.size());
            for (ObjectPoint point : points) {
                if (point.extra().isEmpty()) {
                    List<Object> pair = new ArrayList<>(2);
                    pair.add(point.index());
                    pair.add(point.hasValue() ? point.value() : null);
                    items.add(pair);
                } else {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("index", point.index());
                    if (point.hasValue()) {
                        item.put("value", point.value());
                    }
                    item.putAll(point.extra());
                    items.add(item);
                }
            }
            f.put("points", items);
        }
        return f;
    }
}
