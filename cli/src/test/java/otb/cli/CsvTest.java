package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: CSV formula injection. A field a spreadsheet would take for a formula (leading
 * {@code = + - @}, or a tab or carriage return before one) stays text through the one CSV escaping
 * point; RFC 4180 quoting and the plain-text escaping of control characters still hold.
 */
class CsvTest {
    @TempDir
    Path dir;

    @Test
    void formulaeGetALeadingApostrophe() {
        assertEquals("'=HYPERLINK(\"\"//evil.x\"\")", Csv.field("=HYPERLINK(\"//evil.x\")").replaceAll("^\"|\"$", ""));
        assertEquals("'+cmd|' /C calc'!A0", Csv.field("+cmd|' /C calc'!A0"));
        assertEquals("'-2+3", Csv.field("-2+3"));
        assertEquals("'@SUM(A1)", Csv.field("@SUM(A1)"));
        // a tab or carriage return is shown as \xNN, so the field starts with a backslash, not a formula
        assertEquals("\\x09=1+1", Csv.field("\t=1+1"));
        assertEquals("\\x0d=1+1", Csv.field("\r=1+1"));
        // formula characters anywhere else are data
        assertEquals("a=b", Csv.field("a=b"));
        assertEquals("", Csv.field(""));
    }

    @Test
    void quotingFollowsRfc4180AfterTheApostrophe() {
        assertEquals("\"'=1,2\"", Csv.field("=1,2"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.field("say \"hi\""));
        assertEquals("a,\"b,c\",'-d\r\n", Csv.record(List.of("a", "b,c", "-d")));
        assertEquals("\\x1b[2J", Csv.field("\u001b[2J"));
    }

    /**
     * fixtures/robustness/modbus-formula-devid.pcap: modbus-devid.pcap with its device identification
     * objects replaced, byte for byte, by spreadsheet formulae ({@code =HYPERLINK(...)},
     * {@code +cmd|...}, {@code @SUM(A1)}). In the inventory CSV no field starts a formula, and the
     * strings from the wire are there as data.
     */
    @Test
    void aHostileCaptureCannotPlantAFormulaInTheInventory() {
        String db = dir.resolve("formula.db").toString();
        CliRun learn = CliRun.run("learn", "fixtures/robustness/modbus-formula-devid.pcap", "--fresh", "--db", db, "-q");
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());
        String csv = CliRun.run("inventory", "--db", db, "--format", "csv").out();
        assertTrue(csv.contains("=HYPERLINK(\"\"//evil.x\"\",\"\"\"\")"), csv);
        assertTrue(csv.contains("+cmd|' /C calc'!A0 @SUM(A1:A9)"), csv);
        List<List<String>> records = parse(csv);
        assertTrue(records.size() >= 2, csv);
        for (List<String> record : records) {
            assertEquals(InventoryCommand.HEADER.size(), record.size(), record.toString());
            for (String field : record) {
                assertFalse(!field.isEmpty() && "=+-@\t\r".indexOf(field.charAt(0)) >= 0,
                        "a field a spreadsheet takes for a formula: " + field);
            }
        }
        // the same strings as CSV fields of their own, as a future column would carry them
        for (String wire : List.of("=HYPERLINK(\"//evil.x\",\"\")", "+cmd|' /C calc'!A0 @SUM(A1:A9)", "@SUM(A1)")) {
            String field = parse(Csv.record(List.of(wire))).get(0).get(0);
            assertEquals("'" + wire, field);
        }
    }

    /** An RFC 4180 reader: records of fields, quotes undone. */
    private static List<List<String>> parse(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        return records;
    }
}
