package otb.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import otb.baseline.diff.BaselineDiff;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.Snapshot;
import org.junit.jupiter.api.Test;

/** The diff page: two real snapshots, the second with a hostile device identity, rendered in Chromium. */
class DiffHtmlTest {

    @Test
    void diffPageListsEveryChangeEscapedAndRendersCleanly() throws Exception {
        Path directory = ReportCommandTest.targetDirectory().resolve("diff-test");
        Files.createDirectories(directory);
        Path database = directory.resolve("diff.db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(directory.resolve("diff.db" + suffix));
        }
        Path hostile = SyntheticCaptures.hostile(directory.resolve("hostile.pcap"));
        Snapshot from;
        Snapshot to;
        try (BaselineStore store = BaselineStore.open(database)) {
            long first = ReportDatabase.learn(store, List.of("modbus/modbus_test_data_part1.pcap"));
            long second = ReportDatabase.learn(store, List.of("modbus/modbus_test_data_part1.pcap",
                    "modbus/modbus_example.pcap", hostile.toString()));
            from = store.load(first);
            to = store.load(second);
        }
        BaselineDiff diff = BaselineDiff.compare(from.baseline(), to.baseline());
        assertFalse(diff.isEmpty());
        assertTrue(diff.section("assets").stream().anyMatch(change -> change.after().contains(SyntheticCaptures.VENDOR)),
                "the added asset's identity carries the hostile vendor name: " + diff.section("assets"));

        String html = DiffHtml.render(diff, from.info(), to.info());
        assertEquals(diff.changes().size(), ReportCommandTest.countOf(html, "class=\"change-row\""), "one row per change");
        for (String section : BaselineDiff.SECTIONS) {
            int count = diff.section(section).size();
            assertTrue(html.contains("data-section=\"" + section + "\"><div class=\"value\">" + count + "</div>"),
                    section + " count " + count);
        }
        for (String raw : List.of(SyntheticCaptures.VENDOR, SyntheticCaptures.PRODUCT, SyntheticCaptures.REVISION)) {
            assertFalse(html.contains(raw), "raw: " + raw);
        }
        assertTrue(html.contains(Html.text(SyntheticCaptures.VENDOR)));
        assertTrue(html.contains("snapshot " + from.info().id() + " \u2192 snapshot " + to.info().id()));
        assertFalse(html.contains("<script"));

        Path page = directory.resolve("diff.html");
        Files.writeString(page, html);
        Chromium chromium = Chromium.find();
        Chromium.Run run = chromium.dumpDom(page);
        assertEquals(List.of(), run.consoleMessages());
        assertEquals(0, ReportCommandTest.countOf(run.stdout(), "<script"));
        assertEquals(0, ReportCommandTest.countOf(run.stdout(), "<img"));
        assertEquals(diff.changes().size(), ReportCommandTest.countOf(run.stdout(), "class=\"change-row\""));
        chromium.screenshot(page, ReportCommandTest.targetDirectory().resolve("diff-screenshot.png"), 1400, 1400);

        String berlin = DiffHtml.render(diff, from.info(), to.info(), new ReportTimes(ZoneId.of("Europe/Berlin")));
        assertTrue(berlin.contains("times in Europe/Berlin"));
        assertTrue(berlin.contains("+02:00") || berlin.contains("+01:00"));
    }

    @Test
    void identicalSnapshotsSayNothingChanged() throws Exception {
        Path directory = ReportCommandTest.targetDirectory().resolve("diff-test");
        Files.createDirectories(directory);
        Path database = directory.resolve("same.db");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(directory.resolve("same.db" + suffix));
        }
        try (BaselineStore store = BaselineStore.open(database)) {
            long first = ReportDatabase.learn(store, List.of("dnp3/dnp3_example.pcap"));
            long second = ReportDatabase.learn(store, List.of("dnp3/dnp3_example.pcap"));
            Snapshot from = store.load(first);
            Snapshot to = store.load(second);
            BaselineDiff diff = BaselineDiff.compare(from.baseline(), to.baseline());
            assertTrue(diff.isEmpty(), diff.json());
            String html = DiffHtml.render(diff, from.info(), to.info());
            assertTrue(html.contains("Nothing changed between the two baselines."));
            assertEquals(0, ReportCommandTest.countOf(html, "class=\"change-row\""));
        }
    }
}
