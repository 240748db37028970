package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sqlite-jdbc's native library: one copy per build in a folder of otb's own, not one per run in
 * the temp folder (a run that ends in {@code Runtime.halt}, as {@code otb monitor} on a signal, or
 * is killed, left its copy there), and never a folder someone else could have put a library in.
 */
class SqliteLibraryTest {
    private static final String CAPTURE = "fixtures/pcaps/modbus/ModbusTCP.pcap";
    private static final String OWN = "otb-" + System.getProperty("user.name");

    @TempDir
    Path dir;

    private ChildOtb learn(Path temp) throws Exception {
        return ChildOtb.run(List.of("-Djava.io.tmpdir=" + temp), null, dir, "learn", CAPTURE,
                "--db", dir.resolve("b.db").toString(), "--fresh", "-q");
    }

    private static List<Path> list(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    @Test
    void everyRunLoadsTheSameCopyFromAFolderOnlyItsOwnerMayUse() throws Exception {
        Path temp = Files.createDirectory(dir.resolve("temp"));
        ChildOtb first = learn(temp);
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(List.of(temp.resolve(OWN)), list(temp), "nothing else left in the temp folder");
        Path own = temp.resolve(OWN);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(own)));
        List<Path> copies = list(own);
        assertEquals(1, copies.size(), copies.toString());
        assertTrue(copies.get(0).getFileName().toString().matches("libsqlitejdbc-\\d+-[0-9a-f]{8}\\.so"),
                copies.toString());
        FileTime written = FileTime.fromMillis(0);
        Files.setLastModifiedTime(copies.get(0), written);

        ChildOtb second = learn(temp);
        assertEquals(0, second.exitCode(), second.toString());
        assertEquals(copies, list(own));
        assertEquals(written, Files.getLastModifiedTime(copies.get(0)), "the copy is used again, not written again");
    }

    @Test
    void aDamagedCopyIsWrittenAgainNotLoaded() throws Exception {
        Path temp = Files.createDirectory(dir.resolve("temp"));
        ChildOtb first = learn(temp);
        assertEquals(0, first.exitCode(), first.toString());
        Path copy = list(temp.resolve(OWN)).get(0);
        byte[] good = Files.readAllBytes(copy);
        Files.write(copy, new byte[good.length]); // the right size, zeros: as after a power cut
        ChildOtb second = learn(temp);
        assertEquals(0, second.exitCode(), second.toString());
        assertEquals("", second.err(), "no failed load logged");
        assertTrue(java.util.Arrays.equals(good, Files.readAllBytes(copy)), "the copy is whole again");
        assertEquals(List.of(temp.resolve(OWN)), list(temp));
    }

    @Test
    void aFolderOthersMayWriteIsNotUsed() throws Exception {
        Path temp = Files.createDirectory(dir.resolve("temp"));
        Path open = Files.createDirectory(temp.resolve(OWN));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        ChildOtb run = learn(temp);
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of(), list(open));
        assertEquals(List.of(open), list(temp), "sqlite-jdbc's own copy is gone after a normal exit");
    }

    @Test
    void aLinkInPlaceOfTheFolderIsNotFollowed() throws Exception {
        Path temp = Files.createDirectory(dir.resolve("temp"));
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(temp.resolve(OWN), elsewhere);
        ChildOtb run = learn(temp);
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of(), list(elsewhere));
    }
}
