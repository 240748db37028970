package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MAC vendor table: names its source, holds the IEEE MA-L assignments, and leaves non-OUI addresses unnamed. */
class MacVendorsTest {

    @Test
    void theTableNamesItsSourceAndDate() throws IOException {
        try (InputStream in = MacVendors.class.getResourceAsStream(MacVendors.RESOURCE)) {
            String head = new String(in.readNBytes(600), StandardCharsets.UTF_8);
            assertTrue(head.contains("Source: IEEE Registration Authority MA-L registry"), head);
            assertTrue(head.matches("(?s).*file date \\d{4}-\\d{2}-\\d{2}.*"), head);
        }
    }

    @Test
    void vendorsOfRegisteredOuis() {
        // OUIs of the shared captures' devices, as the IEEE registry lists them.
        assertEquals("Siemens AG,", MacVendors.vendor(0x001B_1B02_E61EL));
        assertEquals("VMware, Inc.", MacVendors.vendor(0x000C_29BA_09EAL));
        assertEquals("Edimax Technology Co. Ltd.", MacVendors.vendor(0x74DA_38A8_8379L));
        assertEquals(List.of("VMware, Inc."), MacVendors.vendors(List.of(0x000C_2900_0001L, 0x000C_2900_0002L)));
    }

    @Test
    void groupAndLocallyAdministeredAddressesHaveNoVendor() {
        assertEquals("", MacVendors.vendor(0x010C_CD01_0000L), "GOOSE multicast group");
        assertEquals("", MacVendors.vendor(0x0ABB_FE10_C902L), "locally administered (U/L bit)");
        assertEquals("", MacVendors.vendor(0xFFFF_FFFF_FFFFL), "broadcast");
    }
}
