package otb.baseline.cells;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import otb.capture.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellsTest {
    static final String EXAMPLE = """
            # two production lines and a substation
            cell line1 criticality high
              cidr 10.1.1.0/24
              cidr 10.1.9.7          # a single host
            cell line2
              cidr 10.1.2.0/24
            cell substation criticality high
              vlan 30
            cell scada-dmz criticality low
              cidr 10.9.0.0/16 fd00:9::/64
            asset 10.1.1.5 criticality low
            conduit scada-dmz -> line1 modbus s7comm
            conduit scada-dmz -> substation dnp3 tcp/20000
            conduit * -> scada-dmz udp/123
            """;

    @Test
    void longestPrefixThenVlanThenAutomatic() throws CellsException {
        Cells cells = Cells.parse(EXAMPLE, "example");
        assertEquals("line1", cells.cellOf(IpAddress.parse("10.1.1.20"), 0));
        assertEquals("line1", cells.cellOf(IpAddress.parse("10.1.9.7"), 30), "prefix before VLAN");
        assertEquals("substation", cells.cellOf(IpAddress.parse("192.168.30.4"), 30));
        assertEquals("scada-dmz", cells.cellOf(IpAddress.parse("fd00:9::1"), 0));
        assertEquals("vlan-77", cells.cellOf(IpAddress.parse("172.16.0.1"), 77));
        assertEquals("172.16.0.0/24", cells.cellOf(IpAddress.parse("172.16.0.1"), 0));
        assertEquals("fd00:1::/64", cells.cellOf(IpAddress.parse("fd00:1::5"), 0));
    }

    @Test
    void criticalityOfAssetOverridesItsCell() throws CellsException {
        Cells cells = Cells.parse(EXAMPLE, "example");
        assertEquals(Criticality.LOW, cells.criticality(IpAddress.parse("10.1.1.5"), "line1"));
        assertEquals(Criticality.HIGH, cells.criticality(IpAddress.parse("10.1.1.6"), "line1"));
        assertEquals(Criticality.MEDIUM, cells.criticality(IpAddress.parse("10.1.2.6"), "line2"));
        assertEquals(Criticality.MEDIUM, cells.criticality(IpAddress.parse("172.16.0.1"), "172.16.0.0/24"));
    }

    @Test
    void conduitsAllowNamedServicesOneWay() throws CellsException {
        Cells cells = Cells.parse(EXAMPLE, "example");
        assertTrue(cells.allowed("scada-dmz", "line1", "modbus", "tcp/502"));
        assertFalse(cells.allowed("line1", "scada-dmz", "modbus", "tcp/502"), "conduits have a direction");
        assertFalse(cells.allowed("scada-dmz", "line1", "smb", "tcp/445"));
        assertTrue(cells.allowed("scada-dmz", "substation", "tcp/20000", "tcp/20000"));
        assertTrue(cells.allowed("line2", "scada-dmz", "ntp", "udp/123"));
        assertTrue(cells.allowed("line2", "line2", "smb", "tcp/445"), "inside a cell is always allowed");
        assertFalse(Cells.automatic().allowed("10.0.1.0/24", "10.0.2.0/24", "modbus", "tcp/502"));
    }

    @Test
    void mistakesInConduitsAndPrefixesAreOneLineWithTheLineNumber() {
        String cells = "cell a\n  cidr 10.1.0.0/24\ncell b\n  cidr 10.2.0.0/24\n";
        assertEquals("f:5: unknown service 'modbuss' (use " + otb.dissect.Protocols.wireNames()
                        + ", a service such as dns, ntp, snmp, syslog, smb, https, or tcp/PORT, udp/PORT)",
                assertThrows(CellsException.class, () -> Cells.parse(cells + "conduit a -> b modbuss\n", "f"))
                        .getMessage());
        for (String port : List.of("tcp/0", "tcp/65536", "udp/99999", "tcp/x", "udp/")) {
            assertEquals("f:5: port must be 1..65535: " + port, assertThrows(CellsException.class,
                    () -> Cells.parse(cells + "conduit a -> b " + port + "\n", "f")).getMessage());
        }
        // the same network in two cells, however written
        assertEquals("f:6: cidr 10.1.0.0/24 is already in cell a on line 2", assertThrows(CellsException.class,
                () -> Cells.parse(cells + "cell c\n  cidr 10.1.0.7/24\n", "f")).getMessage());
        assertEquals("f:6: cidr 10.2.0.0/24 is already in cell b on line 4", assertThrows(CellsException.class,
                () -> Cells.parse(cells + "cell c\n  cidr 10.3.0.0/24 10.2.0.0/24\n", "f")).getMessage());
        // what a conduit may name: protocols, known services, ports in range
        assertDoesNotThrow(() -> Cells.parse(cells + "conduit a -> b modbus dnp3 s7comm dns ntp snmp-trap syslog "
                + "dhcp tcp/1 udp/65535 TCP/502\n", "f"));
    }

    @Test
    void errorsNameTheFileAndLine(@TempDir Path dir) throws Exception {
        assertEquals("f:2: unknown statement 'zone' (expected cell, cidr, vlan, asset or conduit)",
                assertThrows(CellsException.class, () -> Cells.parse("cell a\nzone b\n", "f")).getMessage());
        assertEquals("f:1: cidr before any cell statement",
                assertThrows(CellsException.class, () -> Cells.parse("cidr 10.0.0.0/8", "f")).getMessage());
        assertEquals("f:2: prefix length out of range in 10.0.0.0/33",
                assertThrows(CellsException.class, () -> Cells.parse("cell a\ncidr 10.0.0.0/33", "f")).getMessage());
        assertEquals("f:2: VLAN id must be 1..4094: 4095",
                assertThrows(CellsException.class, () -> Cells.parse("cell a\nvlan 4095", "f")).getMessage());
        assertEquals("f:3: cell a declared twice (first on line 1)",
                assertThrows(CellsException.class, () -> Cells.parse("cell a\ncell b\ncell a", "f")).getMessage());
        assertEquals("f:2: conduit names unknown cell c",
                assertThrows(CellsException.class, () -> Cells.parse("cell a\nconduit a -> c", "f")).getMessage());
        assertEquals("f:1: criticality must be low, medium or high: extreme", assertThrows(CellsException.class,
                () -> Cells.parse("cell a criticality extreme", "f")).getMessage());
        Path missing = dir.resolve("missing.cells");
        assertTrue(assertThrows(CellsException.class, () -> Cells.load(missing)).getMessage()
                .startsWith("cannot read cells file " + missing));
        Path file = dir.resolve("plant.cells");
        Files.writeString(file, EXAMPLE);
        assertEquals(4, Cells.load(file).cells().size());
        assertEquals(EXAMPLE, Cells.load(file).text());
    }
}
