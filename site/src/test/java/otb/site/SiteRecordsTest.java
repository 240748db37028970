package otb.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import otb.baseline.model.BaselineCodec;
import otb.baseline.store.SiteBatch;
import org.junit.jupiter.api.Test;

/** Baseline records of both versions read back as the hub stores them, and what is refused. */
class SiteRecordsTest {
    private static final byte[] MODEL = {1, 2, 3, 4};

    private static SiteBatch.SensorBaseline parse(String record) throws Exception {
        return ((SiteRecords.ParsedBaseline) SiteRecords.parse(record.getBytes(StandardCharsets.UTF_8))).baseline();
    }

    @Test
    void aCellsPartAndTheSensorWidePartRoundTrip() throws Exception {
        SiteRecords.Header header = new SiteRecords.Header("s1", 7, 9);
        SiteBatch.SensorBaseline cell = parse(SiteRecords.baseline(header, "line1", MODEL, 0, "cells", 1, 2, true, null));
        assertEquals("line1", cell.cell());
        assertEquals(List.of(), cell.held());
        assertArrayEquals(MODEL, cell.model());
        SiteBatch.SensorBaseline wide = parse(SiteRecords.baseline(header, "", MODEL, 5, "", 1, 2, true,
                List.of("eng", "line1")));
        assertEquals("", wide.cell());
        assertEquals(List.of("eng", "line1"), wide.held());
        assertEquals(9, wide.seq());
    }

    @Test
    void aVersion1WholeBaselineIsTheSensorWidePartHoldingNoOtherCell() throws Exception {
        SiteBatch.SensorBaseline whole = parse("{\"v\":1,\"type\":\"baseline\",\"sensor\":\"old\",\"epoch\":1,\"seq\":2,"
                + "\"cells\":\"\",\"model_format\":" + BaselineCodec.FORMAT_VERSION + ",\"model\":\"AQIDBA==\"}");
        assertEquals("", whole.cell());
        assertEquals(List.of(), whole.held());
        assertArrayEquals(MODEL, whole.model());
    }

    @Test
    void aSensorWidePartWithoutItsCellsOrOfAnotherVersionIsRefused() {
        String noHeld = "{\"v\":2,\"type\":\"baseline\",\"sensor\":\"s\",\"epoch\":1,\"seq\":2,\"cell\":\"\","
                + "\"cells\":\"\",\"model_format\":3,\"model\":\"AQIDBA==\"}";
        SiteRecords.BadRecordException bad = assertThrows(SiteRecords.BadRecordException.class,
                () -> SiteRecords.parse(noHeld.getBytes(StandardCharsets.UTF_8)));
        assertTrue(bad.getMessage().contains("held"), bad.getMessage());
        SiteRecords.BadRecordException newer = assertThrows(SiteRecords.BadRecordException.class,
                () -> SiteRecords.parse(noHeld.replace("\"v\":2", "\"v\":3").getBytes(StandardCharsets.UTF_8)));
        assertEquals("record version 3; this otb reads 1 to 2", newer.getMessage());
    }
}
