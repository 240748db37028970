package otb.runtime;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shipped demo plant: its captures, cells and the attack scenarios labelled in the attack capture. */
final class DemoCaptures {
    static final Path DIRECTORY = Path.of("fixtures/pcaps/demo");
    static final Path LEARN = DIRECTORY.resolve("demo-learn.pcap");
    static final Path ATTACK = DIRECTORY.resolve("demo-attack.pcap");
    static final Path CELLS = DIRECTORY.resolve("cells.conf");
    static final Path ATTACK_LABELS = DIRECTORY.resolve("demo-attack.labels.json");

    /** One injected attack: its name, the alert kind it must raise and when it ran (ns since the epoch). */
    record Scenario(String name, String expectedAlert, long startNanos, long endNanos) {
    }

    private static final Pattern EVENT = Pattern.compile("\"kind\":\\s*\"([a-z0-9_]+)\",\\s*\"expected_alert\":\\s*"
            + "\"([A-Z_]+)\",\\s*\"start\":\\s*\"([^\"]+)\",\\s*\"end\":\\s*\"([^\"]+)\"");

    private DemoCaptures() {
    }

    /** The scenarios of a labels file, in order. */
    static List<Scenario> scenarios(String labels) {
        List<Scenario> scenarios = new ArrayList<>();
        Matcher event = EVENT.matcher(labels);
        while (event.find()) {
            scenarios.add(new Scenario(event.group(1), event.group(2), nanos(event.group(3)), nanos(event.group(4))));
        }
        return scenarios;
    }

    static long nanos(String iso) {
        Instant instant = Instant.parse(iso);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
