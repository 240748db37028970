package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's maps fold a device seen by IP and at layer 2 into one node, as the inventory folds
 * it into one row (InventoryLayer2Test): in wrapup.pcapng the PC at 192.168.0.16 (MAC
 * 74:da:38:a8:83:79) sends LLDP from that MAC and speaks IP, and its maps used to draw it twice,
 * once as an asset node keyed by the MAC (cell layer2) and once by IP.
 */
class ReportLayer2Test {
    private static final String WRAPUP = "fixtures/pcaps/other/wrapup.pcapng";
    private static final String MAC = "74:da:38:a8:83:79";
    private static final String IP = "192.168.0.16";

    @TempDir
    Path dir;

    @Test
    void aDeviceSeenByIpAndByMacIsOneNodeWithItsLayerTwoFacts() throws Exception {
        String db = dir.resolve("wrapup.db").toString();
        Path report = dir.resolve("report.html");
        assertEquals(0, CliRun.run("learn", WRAPUP, "--db", db, "-q").exitCode());
        CliRun run = CliRun.run("report", "--db", db, "-o", report.toString());
        assertEquals(0, run.exitCode(), run.toString());
        String html = Files.readString(report);

        assertFalse(html.contains("-node\" data-address=\"" + MAC + "\""), "no map node of its own for the MAC");
        List<String> assetNodes = matches(html, "<g class=\"asset-node\" data-address=\"" + Pattern.quote(IP)
                + "\"><title>([^<]*)</title>");
        assertEquals(1, assetNodes.size(), "one asset node for the PC: " + assetNodes);
        String title = assetNodes.get(0);
        assertTrue(title.contains("lldp agent"), "the LLDP role joins the IP node: " + title);
        assertTrue(title.contains("chassis_id: vjti-pc3"), "the LLDP identity joins the IP node: " + title);
        assertTrue(title.contains("MAC " + MAC), title);

        // the LLDP conversation the MAC-keyed asset had now starts at the PC's node (a peer in cell layer2)
        List<String> lldpClients = matches(html, "<path class=\"conversation-edge[^\"]*\"[^>]*data-client=\"([^\"]*)\""
                + "[^>]*data-protocol=\"lldp\"");
        assertEquals(List.of(IP), lldpClients);
        assertTrue(html.contains("<g class=\"peer-node\" data-address=\"" + IP + "\""),
                "drawn as a peer in the layer-2 cell's map");
    }

    private static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
