package otb.dissect.enip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Unnamed CIP services are named by their code in hex ({@code service_0x1d}); those names are
 * function names in baselines and alerts, so they must stay what {@code %02x} gave before the
 * table stopped using String.format.
 */
class CipServicesTest {

    @Test
    void twoHexDigitsAsFormatGivesThem() {
        for (int code = 0; code <= 0xFF; code++) {
            assertEquals(String.format(Locale.ROOT, "%02x", code), CipServices.hex2(code), "code " + code);
        }
    }

    @Test
    void unnamedServicesKeepTheirNames() {
        assertEquals("service_0x1d", CipServices.of(0x1D, -1, false).name());
        assertEquals("object_service_0x4b", CipServices.of(0x4B, -1, false).name());
        assertEquals("controller_service_0x4c", CipServices.of(0x4C, CipServices.CONTROLLER_CLASS, false).name());
    }
}
