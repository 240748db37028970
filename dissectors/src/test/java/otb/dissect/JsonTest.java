package otb.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesCanonicalNumbersAndEscapes() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("a", 1.0);
        record.put("b", 0.5);
        record.put("c", "x\"y\n\u0001");
        record.put("d", List.of(true, 3L));
        assertEquals("{\"a\":1,\"b\":0.5,\"c\":\"x\\\"y\\n\\u0001\",\"d\":[true,3]}", Json.write(record));
    }

    @Test
    void timestampsAlwaysHaveNineFractionDigits() {
        assertEquals("1970-01-01T00:00:01.000000000Z", MessageRecord.timestamp(1_000_000_000L));
        assertEquals("2013-07-01T08:15:02.123456000Z", MessageRecord.timestamp(1372666502_123456000L));
    }

    @Property
    void stringsRoundTripAsValidJsonText(@ForAll String s) {
        String json = Json.write(s);
        assertEquals('"', json.charAt(0));
        assertEquals('"', json.charAt(json.length() - 1));
    }
}
