package otb.baseline.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The alert table's short context column: the change and whether the value is within what was learned. */
class AlertContextColumnTest {
    private static AlertContext context(OptionalDouble before, OptionalDouble value, String learned) {
        return new AlertContext("holding_register:100", before, value, learned, List.of());
    }

    @Test
    void showsTheChangeAndTheEnvelopeMark() {
        String set = "enumeration values {720, 730, 740}";
        assertEquals("+720 out", context(OptionalDouble.of(730), OptionalDouble.of(1450), set).column(10));
        assertEquals("-10 in", context(OptionalDouble.of(730), OptionalDouble.of(720), set).column(10));
        assertEquals("\u00b10 in", context(OptionalDouble.of(730), OptionalDouble.of(730), set).column(10));
        String envelope = "analog envelope [-5, 12.5], largest step 3";
        assertEquals("=12.5 in", context(OptionalDouble.empty(), OptionalDouble.of(12.5), envelope).column(10));
        assertEquals("+18 out", context(OptionalDouble.of(2), OptionalDouble.of(20), envelope).column(10));
        assertEquals("-2.5 in", context(OptionalDouble.of(-2.5), OptionalDouble.of(-5), envelope).column(10));
        assertEquals("=3", context(OptionalDouble.empty(), OptionalDouble.of(3), "not learned").column(10));
        // a write without a value names only that a point is at stake
        assertEquals("point", context(OptionalDouble.of(3), OptionalDouble.empty(), set).column(10));
        assertEquals("", AlertContext.NONE.column(10));
    }

    @Test
    void aLongChangeIsCutToTheColumn() {
        String text = context(OptionalDouble.of(0), OptionalDouble.of(123456.789), "not learned").column(10);
        assertEquals("+123456.7\u2026", text);
        String marked = context(OptionalDouble.of(0), OptionalDouble.of(123456.789),
                "analog envelope [0, 10], largest step 1").column(10);
        assertEquals("+1234\u2026 out", marked);
        assertEquals(10, marked.length());
    }
}
