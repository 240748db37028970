package otb.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Issue 20: the plain-text escaping point (terminal, CSV, CEF). */
class PlainTextTest {

    @Test
    void printableTextIsKeptAsItIs() {
        String text = "Siemens S7-1500 \\ CPU 1516-3 PN/DP; Grüße ñ 漢字 \uD83D\uDE00";
        assertSame(text, PlainText.escape(text));
    }

    @Test
    void controlCharactersBecomeHex() {
        assertEquals("\\x1b]0;owned\\x07\\x1b[2J\\x00\\x7f\\x85\\x9b\\x09\\x0d\\x0a",
                PlainText.escape("\u001b]0;owned\u0007\u001b[2J\u0000\u007f\u0085\u009b\t\r\n"));
    }

    @Test
    void invisibleFormatCharactersAndLoneSurrogatesBecomeCodes() {
        assertEquals("a\\u202eb\\u200bc\\u2028d\\ud800e", PlainText.escape("a\u202eb\u200bc\u2028d\ud800e"));
        assertEquals("\\udc00x", PlainText.escape("\udc00x"));
    }
}
