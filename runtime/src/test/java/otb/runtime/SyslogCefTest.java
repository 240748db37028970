package otb.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertKind;
import otb.baseline.alert.Severity;

/** Issue 20: a CEF record keeps wire strings as data: CEF's own escapes, and control characters as \xNN. */
class SyslogCefTest {

    @Test
    void controlCharactersInAlertTextShowAsHex() {
        Alert alert = new Alert("0123456789abcdef", AlertKind.NEW_ASSET, Severity.MEDIUM, 0, 0, 1, "line\u001b[2J",
                "10.0.0.1", "", "dnp3", OptionalInt.empty(), "", List.of(1L), "x.pcap", "no asset",
                "device_name=\u001b]0;owned\u0007\u009b2J a=b|c\\d\r\nCEF:0|evil", "k", Map.of());
        String cef = SyslogAlertSink.cef(alert);
        assertFalse(cef.chars().anyMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F)), cef);
        assertTrue(cef.contains("cs1=line\\x1b[2J "), cef);
        assertTrue(cef.contains("msg=device_name\\=\\x1b]0;owned\\x07\\x9b2J a\\=b|c\\\\d\\r\\nCEF:0|evil"), cef);
    }
}
