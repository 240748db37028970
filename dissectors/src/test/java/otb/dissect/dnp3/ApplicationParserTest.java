package otb.dissect.dnp3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.concat;
import static otb.dissect.TestBytes.hex;

import java.util.List;
import otb.dissect.OperationClass;
import org.junit.jupiter.api.Test;

/** Byte fixtures per function code and object group. Responses start c0 81 + two IIN octets. */
class ApplicationParserTest {

    private static ApplicationFragment response(String objects) {
        ApplicationFragment fragment = ApplicationParser.parse(hex("c0 81 0000 " + objects));
        assertEquals(List.of(), fragment.anomalies(), "anomalies");
        return fragment;
    }

    /** The (index, value) pairs of one object header, values as numbers. */
    private static List<List<Double>> values(ObjectBlock block) {
        return block.points().stream().map(p -> List.of((double) p.index(), p.value())).toList();
    }

    private static List<Double> pair(double index, double value) {
        return List.of(index, value);
    }

    @Test
    void everyFunctionCodeIsNamedAndClassed() {
        for (int code = 0; code <= 33; code++) {
            FunctionCode function = FunctionCode.of(code);
            assertEquals(code, function.code);
            assertTrue(function.wireName.matches("[a-z_]+"), function.wireName);
        }
        assertEquals(OperationClass.READ, FunctionCode.of(1).operation);
        assertEquals(OperationClass.WRITE, FunctionCode.of(2).operation);
        for (int code = 3; code <= 12; code++) {
            assertEquals(OperationClass.CONTROL, FunctionCode.of(code).operation, "function " + code);
        }
        for (int code = 13; code <= 24; code++) {
            assertEquals(OperationClass.MANAGEMENT, FunctionCode.of(code).operation, "function " + code);
        }
        for (int code = 25; code <= 31; code++) {
            assertEquals(OperationClass.FILE, FunctionCode.of(code).operation, "function " + code);
        }
        assertEquals(OperationClass.AUTHENTICATION, FunctionCode.of(32).operation);
        assertEquals(OperationClass.AUTHENTICATION, FunctionCode.of(33).operation);
        assertEquals(OperationClass.AUTHENTICATION, FunctionCode.of(131).operation);
        assertEquals("stop_application", FunctionCode.of(18).wireName);
        assertEquals("unsolicited_response", FunctionCode.of(130).wireName);
        assertNull(FunctionCode.of(34));
        assertNull(FunctionCode.of(128));
        assertNull(FunctionCode.of(132));
    }

    @Test
    void internalIndicationsAreNamed() {
        // IIN1 0x92: bit 1 class 1 events, bit 4 need time, bit 7 restart; IIN2 0x28: bits 3 and 5
        ApplicationFragment fragment = ApplicationParser.parse(hex("c0 81 9228"));
        assertEquals(List.of("class_1_events", "need_time", "device_restart", "event_buffer_overflow",
                "config_corrupt"), fragment.iinNames());
        assertEquals(List.of("local_control", "device_trouble", "no_func_code_support", "object_unknown",
                        "parameter_error", "already_executing"),
                ApplicationParser.parse(hex("c0 81 6017")).iinNames());
        assertEquals(List.of(), ApplicationParser.parse(hex("c0 01")).iinNames(), "requests carry no IIN");
    }

    @Test
    void binaryInputs() {
        // g1v1 packed, points 3-12 (10 bits): 0b1000_0101, 0b10 -> 3:1 4:0 5:1 6..9:0 10:1 11:0 12:1
        ObjectBlock packed = response("0101 00 030c 85 02").objects().get(0);
        assertEquals(List.of(pair(3, 1), pair(4, 0), pair(5, 1), pair(6, 0), pair(7, 0), pair(8, 0), pair(9, 0),
                pair(10, 1), pair(11, 0), pair(12, 1)), values(packed));
        // g1v2 with flags, points 0-1: 0x81 (online, state 1), 0x01 (online, state 0)
        assertEquals(List.of(pair(0, 1), pair(1, 0)), values(response("0102 00 0001 81 01").objects().get(0)));
        // g2v2 event with absolute time, 2-octet index prefix, count 1: index 0x0102, flags 0x81, time
        ObjectBlock event = response("0202 28 0100 0201 81 102030405060").objects().get(0);
        assertEquals(List.of(pair(0x0102, 1)), values(event));
        // g2v3 event with relative time, 1-octet index, count 2
        assertEquals(List.of(pair(5, 0), pair(6, 1)),
                values(response("0203 17 02 05 01 1000 06 81 2000").objects().get(0)));
    }

    @Test
    void doubleBitInputs() {
        // g3v1 two bits per point, points 0-3: 0b10_01_11_00 -> 0:0 1:3 2:1 3:2
        assertEquals(List.of(pair(0, 0), pair(1, 3), pair(2, 1), pair(3, 2)),
                values(response("0301 00 0003 9c").objects().get(0)));
        // g4v1 event, flags 0x81 -> state bits 6-7 = 2
        assertEquals(List.of(pair(9, 2)), values(response("0401 17 01 09 81").objects().get(0)));
    }

    @Test
    void binaryOutputsAndCommandEvents() {
        // g10v1 packed points 0-2: 0b101
        assertEquals(List.of(pair(0, 1), pair(1, 0), pair(2, 1)), values(response("0a01 00 0002 05").objects().get(0)));
        // g10v2 status, g11v1 change, g13v1 command event
        assertEquals(List.of(pair(4, 1)), values(response("0a02 00 0404 81").objects().get(0)));
        assertEquals(List.of(pair(2, 0)), values(response("0b01 17 01 02 01").objects().get(0)));
        assertEquals(List.of(pair(1, 1)), values(response("0d01 17 01 01 81").objects().get(0)));
        assertEquals("dnp3:binary_output", ObjectLayout.space(13));
    }

    @Test
    void controlRelayOutputBlock() {
        // g12v1, 1-octet index, count 2: index 3 code 0x41 (close, pulse on), count 1, on 500 ms,
        // off 0, status 0; index 4 code 0x81 (trip, pulse on), status 4 (not supported)
        ApplicationFragment fragment = ApplicationParser.parse(hex(
                "c0 05 0c01 17 02 03 41 01 f4010000 00000000 00 04 81 01 f4010000 00000000 04"));
        assertEquals(List.of(), fragment.anomalies());
        ObjectBlock block = fragment.objects().get(0);
        assertEquals(List.of(pair(3, 1), pair(4, 0)), values(block));
        assertEquals("close", block.points().get(0).extra().get("trip_close"));
        assertEquals("pulse_on", block.points().get(0).extra().get("operation"));
        assertEquals(500L, block.points().get(0).extra().get("on_time_ms"));
        assertEquals(4, block.points().get(1).extra().get("status"));
    }

    @Test
    void counters() {
        // g20v1 32-bit with flag, points 0-1; g20v6 16-bit without flag; g21v1 frozen; g22v1 event; g23v5 frozen event with time
        assertEquals(List.of(pair(0, 0xFFFFFFFFL), pair(1, 7)),
                values(response("1401 00 0001 01 ffffffff 01 07000000").objects().get(0)));
        assertEquals(List.of(pair(2, 0x1234)), values(response("1406 00 0202 3412").objects().get(0)));
        assertEquals(List.of(pair(0, 9)), values(response("1501 00 0000 01 09000000").objects().get(0)));
        assertEquals(List.of(pair(5, 300)), values(response("1601 17 01 05 01 2c010000").objects().get(0)));
        assertEquals(List.of(pair(5, 2)), values(response("1705 17 01 05 01 02000000 102030405060").objects().get(0)));
        assertEquals("dnp3:counter", ObjectLayout.space(22));
        assertEquals("dnp3:frozen_counter", ObjectLayout.space(23));
    }

    @Test
    void analogInputs() {
        // g30v1 32-bit signed with flag; g30v3 without flag; g30v5 float; g30v6 double; g32v7 float event with time
        assertEquals(List.of(pair(0, -2)), values(response("1e01 00 0000 01 feffffff").objects().get(0)));
        assertEquals(List.of(pair(1, 1000)), values(response("1e03 00 0101 e8030000").objects().get(0)));
        assertEquals(List.of(pair(2, 1.5)), values(response("1e05 00 0202 01 0000c03f").objects().get(0)));
        assertEquals(List.of(pair(3, -0.25)), values(response("1e06 00 0303 01 000000000000d0bf").objects().get(0)));
        assertEquals(List.of(pair(4, 2.0)), values(response("2007 17 01 04 01 00000040 102030405060").objects().get(0)));
        // g34v1 deadband
        assertEquals(List.of(pair(0, 10)), values(response("2201 00 0000 0a00").objects().get(0)));
    }

    @Test
    void analogOutputs() {
        // g40v2 16-bit status with flag; g41v1 output block (value, then status); g41v3 float; g42v1 event
        assertEquals(List.of(pair(0, -1)), values(response("2802 00 0000 01 ffff").objects().get(0)));
        ApplicationFragment operate = ApplicationParser.parse(hex("c0 05 2901 28 0100 0700 10270000 00 2903 17 01 08 0000a040 00"));
        assertEquals(List.of(), operate.anomalies());
        assertEquals(List.of(pair(7, 10000)), values(operate.objects().get(0)));
        assertEquals(List.of(pair(8, 5.0)), values(operate.objects().get(1)));
        assertEquals(List.of(pair(3, 42)), values(response("2a01 17 01 03 01 2a000000").objects().get(0)));
    }

    @Test
    void timeObjects() {
        // write g50v1 (count 1): 48-bit milliseconds 0x0102_0304_0506 little-endian
        ApplicationFragment write = ApplicationParser.parse(hex("c0 02 3201 07 01 060504030201"));
        assertEquals(List.of(), write.anomalies());
        assertEquals(0x010203040506L, write.objects().get(0).points().get(0).extra().get("time_ms"));
        // g51v1 common time of occurrence, then g2v3 relative-time event; g52v2 fine delay
        ApplicationFragment events = response("3301 07 01 000000000000 0203 17 01 00 81 0500");
        assertEquals(2, events.objects().size());
        assertEquals(List.of(pair(-1, 35)), values(response("3402 07 01 2300").objects().get(0)));
        // freeze at time: g50v2 carries data in a request whose other headers do not
        ApplicationFragment freeze = ApplicationParser.parse(hex("c0 0b 3202 07 01 000000000000 10000000 1400 06"));
        assertEquals(List.of(), freeze.anomalies());
        assertEquals(2, freeze.objects().size());
    }

    @Test
    void classDataAndReads() {
        // read class 1, 2, 3 (g60v2-4 all), then g30 points 0-9 with 1-octet start-stop
        ApplicationFragment read = ApplicationParser.parse(hex("c0 01 3c0206 3c0306 3c0406 1e00 00 0009"));
        assertEquals(List.of(), read.anomalies());
        assertEquals(4, read.objects().size());
        assertTrue(read.objects().get(0).isAll());
        assertEquals(10, read.objects().get(3).count());
        // read by index list: g1v2, 2-octet index prefix, 2-octet count 2, indices 5 and 9 (no data)
        ApplicationFragment indexed = ApplicationParser.parse(hex("c0 01 0102 28 0200 0500 0900"));
        assertEquals(List.of(), indexed.anomalies());
        assertEquals(List.of(5L, 9L), indexed.objects().get(0).points().stream().map(ObjectPoint::index).toList());
        // enable unsolicited for classes 1-3
        assertEquals(3, ApplicationParser.parse(hex("c0 14 3c0206 3c0306 3c0406")).objects().size());
    }

    @Test
    void listOfAttributeVariations() {
        // g0v255 response: type 254 (list of unsigned 8-bit + bitstring 8), length 4: 252 ro, 250 ro
        ApplicationFragment fragment = response("00ff 00 0000 fe04 fc00 fa00");
        assertEquals("attribute_list", fragment.objects().get(0).points().get(0).extra().get("attribute"));
        assertEquals("fc00fa00", fragment.objects().get(0).points().get(0).extra().get("octets"));
    }

    @Test
    void internalIndicationWrite() {
        // write g80v1 point 7 = 0: clear device restart (1-octet start-stop 7-7, one packed octet)
        ApplicationFragment write = ApplicationParser.parse(hex("c0 02 5001 00 0707 00"));
        assertEquals(List.of(), write.anomalies());
        assertEquals(List.of(pair(7, 0)), values(write.objects().get(0)));
        assertEquals("dnp3:internal_indication", ObjectLayout.space(80));
    }

    @Test
    void octetStringsAndSizeKnownObjectsAreSkippedBySize() {
        // g110v3 "abc" point 1; g102v1 (unsigned 8-bit, no decoder) point 0; then g30v4 still decoded
        ApplicationFragment fragment = response("6e03 00 0101 616263 6601 00 0000 07 1e04 00 0000 0500");
        assertEquals(3, fragment.objects().size());
        assertEquals("616263", fragment.objects().get(0).points().get(0).extra().get("octets"));
        assertEquals(List.of(pair(0, 5)), values(fragment.objects().get(2)));
    }

    @Test
    void qualifierFormsOfTheStandard() {
        // 2-octet start-stop (01), 4-octet start-stop (02), 2-octet count without prefix (08),
        // 4-octet count with 4-octet index prefix (39)
        assertEquals(List.of(pair(256, 1)), values(response("0102 01 0001 0001 81").objects().get(0)));
        assertEquals(List.of(pair(65536, 1)), values(response("0102 02 00000100 00000100 81").objects().get(0)));
        assertEquals(List.of(pair(-1, 35)), values(response("3402 08 0100 2300").objects().get(0)));
        assertEquals(List.of(pair(70000, 1)), values(response("0201 39 01000000 70110100 81").objects().get(0)));
    }

    @Test
    void badInputIsAnAnomalyNeverAnException() {
        assertEquals(List.of("truncated_iin"), ApplicationParser.parse(hex("c0 81 00")).anomalies());
        assertEquals(List.of("truncated_object_header"), ApplicationParser.parse(hex("c0 01 3c")).anomalies());
        assertEquals(List.of("truncated_object"), ApplicationParser.parse(hex("c0 81 0000 1e01 00 0001 01")).anomalies());
        assertEquals(List.of("range_stop_before_start"), ApplicationParser.parse(hex("c0 81 0000 1e01 00 0500")).anomalies());
        assertEquals(List.of("reserved_qualifier"), ApplicationParser.parse(hex("c0 81 0000 1e01 0a")).anomalies());
        assertEquals(List.of("unknown_object"), ApplicationParser.parse(hex("c0 81 0000 c801 00 0000 00")).anomalies());
        assertEquals(List.of("bad_qualifier"), ApplicationParser.parse(hex("c0 81 0000 0101 17 01 00 01")).anomalies());
        assertTrue(ApplicationParser.parse(hex("c0 50 01")).anomalies().contains("reserved_function_code"));
        // a count far beyond the octets present is truncated, not a huge loop or allocation
        assertEquals(List.of("truncated_object"), ApplicationParser.parse(hex("c0 81 0000 1e01 09 ffffffff 00")).anomalies());
        assertEquals(List.of("truncated_object"), ApplicationParser.parse(hex("c0 81 0000 0101 02 00000000 ffffffff 00")).anomalies());
    }

    @Test
    void pointsKeptPerFragmentAreBounded() {
        // g1v1 packed, points 0..65535 in 8192 octets, then more: values stop at the bound
        byte[] bits = new byte[8192 * 2];
        byte[] fragment = concat(hex("c0 81 0000 0101 01 0000 ffff"), java.util.Arrays.copyOf(bits, 8192),
                hex("0101 01 0000 ffff"), java.util.Arrays.copyOf(bits, 8192));
        ApplicationFragment parsed = ApplicationParser.parse(fragment);
        assertEquals(List.of("too_many_points"), parsed.anomalies());
        int kept = parsed.objects().stream().mapToInt(b -> b.points().size()).sum();
        assertEquals(ApplicationParser.MAX_POINTS_PER_FRAGMENT, kept);
        assertEquals(2, parsed.objects().size(), "objects after the bound are still framed");
    }
}
