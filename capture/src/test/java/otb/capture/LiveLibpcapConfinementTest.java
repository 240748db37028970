package otb.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Receive only, and JNA in one package-private class: reads the constant pools of the compiled
 * main classes of the capture module (a class's referenced classes and methods appear there by
 * name) and checks that only {@code LiveLibpcap} refers to pcap4j or JNA and that no class refers
 * to libpcap's injection functions.
 */
class LiveLibpcapConfinementTest {
    private static final List<String> INJECTION_NAMES = List.of("sendPacket", "pcap_inject", "pcap_sendpacket");

    private static List<Path> mainClasses() throws Exception {
        Path root = Path.of(LiveLibpcap.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
    }

    private static String constantText(Path classFile) throws IOException {
        return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
    }

    @Test
    void onlyLiveLibpcapRefersToPcap4jOrJna() throws Exception {
        List<String> users = new ArrayList<>();
        List<Path> classes = mainClasses();
        assertTrue(classes.size() > 10, "compiled classes found: " + classes.size());
        for (Path file : classes) {
            String text = constantText(file);
            if (text.contains("org/pcap4j/") || text.contains("com/sun/jna/")) {
                users.add(file.getFileName().toString().replaceFirst("\\$.*", "").replace(".class", ""));
            }
        }
        assertEquals(List.of("LiveLibpcap"), users.stream().distinct().toList());
        assertFalse(java.lang.reflect.Modifier.isPublic(LiveLibpcap.class.getModifiers()), "LiveLibpcap is package-private");
    }

    @Test
    void noClassRefersToAnInjectionFunction() throws Exception {
        List<String> offenders = new ArrayList<>();
        for (Path file : mainClasses()) {
            String text = constantText(file);
            for (String name : INJECTION_NAMES) {
                if (text.contains(name)) {
                    offenders.add(file.getFileName() + " -> " + name);
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
