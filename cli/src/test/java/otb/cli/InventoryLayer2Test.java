package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device seen both by its IP address and at layer 2 is one inventory row: in wrapup.pcapng the
 * PC at 192.168.0.16 (MAC 74:da:38:a8:83:79) sends LLDP from that MAC and speaks IP, and used to be
 * listed twice, once by IP and once by MAC.
 */
class InventoryLayer2Test {
    private static final String WRAPUP = "fixtures/pcaps/other/wrapup.pcapng";
    private static final String MAC = "74:da:38:a8:83:79";

    @TempDir
    Path dir;

    @Test
    void aDeviceSeenByIpAndByMacIsOneRowWithItsLayerTwoFacts() throws Exception {
        String db = dir.resolve("wrapup.db").toString();
        assertEquals(0, CliRun.run("learn", WRAPUP, "--db", db, "-q").exitCode());
        CliRun inventory = CliRun.run("inventory", "--db", db, "--format", "csv");
        assertEquals(0, inventory.exitCode(), inventory.toString());
        List<String> lines = inventory.out().lines().toList();
        assertTrue(lines.stream().noneMatch(l -> l.startsWith(MAC + ",")), "no row of its own for the MAC: " + lines);
        List<String> pc = lines.stream().filter(l -> l.startsWith("192.168.0.16,")).toList();
        assertEquals(1, pc.size(), lines.toString());
        String row = pc.get(0);
        assertTrue(row.contains("lldp_agent"), "the LLDP role joins the IP row: " + row);
        assertTrue(row.contains("chassis_id=vjti-pc3"), "the LLDP identity joins the IP row: " + row);
        assertTrue(row.contains("lldp") && row.contains("ssdp"), "protocols of both: " + row);
        assertTrue(row.contains(MAC), row);
    }
}
