package otb.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import otb.dissect.Malformed;
import otb.dissect.MessageRecord;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.PointRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otb dissect}: one record per protocol message, in capture order. */
@Command(name = "dissect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print every ${sys:otb.protocol.labels} message of the captures, "
                + "one record per message in capture order (jsonl fields are listed in the README).",
        footer = {"%nExamples:",
                "  otb dissect fixtures/pcaps/demo/demo-learn.pcap | head",
                "  otb dissect --format jsonl capture.pcapng > messages.jsonl",
                "  otb dissect --port modbus=5020 rotated/*.pcap.gz",
                ExitCode.HELP_SECTION})
final class DissectCommand implements Callable<Integer> {

    enum Format { table, jsonl }

    /** Records between two checks that standard output still takes them. */
    private static final int CHECK_EVERY = 4096;

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "Capture files (pcap, pcapng, gzip of either), directories of rotated captures, or globs.")
    List<String> inputs;

    @Option(names = "--format", defaultValue = "table", description = "table or jsonl (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    DissectionOptions dissection;

    @Mixin
    CaptureBudgetOptions captureBudget;

    @Mixin
    CommonOptions common;

    private long records;

    @Override
    public Integer call() throws Exception {
        CaptureRun run = new CaptureRun(Inputs.expand(inputs), dissection.config(), captureBudget.limits(), common);
        PrintStream stdout = System.out;
        Writer out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
        TimeFormat time = new TimeFormat(common.localTime);
        try {
            if (format == Format.table) {
                out.write(String.format("%7s  %-30s  %-44s  %-11s  %-8s  %5s  %-34s  %s%n", "frame", "time",
                        "source -> destination", "proto", "dir", "unit", "function", "points / anomalies"));
            }
            run.run(event -> {
                write(out, event, time);
                if (++records % CHECK_EVERY == 0) {
                    StandardOutput.check(stdout); // stop early when nobody can read the rest
                }
            }, System.err);
        } finally {
            out.flush();
        }
        return run.failed() ? ExitCode.INPUT : ExitCode.OK;
    }

    private void write(Writer out, OtEvent event, TimeFormat time) {
        try {
            if (format == Format.jsonl) {
                String line = MessageRecord.jsonLine(event);
                if (!line.isEmpty()) {
                    out.write(line);
                    out.write('\n');
                }
            } else if (event instanceof OtMessage m) {
                out.write(String.format("%7d  %-30s  %-44s  %-11s  %-8s  %5d  %-34s  %s%n", m.frame(),
                        time.format(m.timestampNanos()),
                        m.src() + ":" + m.srcPort() + " -> " + m.dst() + ":" + m.dstPort(),
                        m.protocol().wireName(), m.role().wireName(), m.unit(), function(m), points(m)));
            } else if (event instanceof Malformed m) {
                out.write(String.format("%7d  %-30s  %-44s  %-11s  %-8s  %5s  %-34s  %s%n", m.frame(),
                        time.format(m.timestampNanos()),
                        m.flow().source(m.direction()) + ":" + m.flow().sourcePort(m.direction()) + " -> "
                                + m.flow().destination(m.direction()) + ":" + m.flow().destinationPort(m.direction()),
                        m.protocol().wireName(), "-", "-", "MALFORMED", m.reason() + " (" + m.skippedBytes() + " bytes)"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String function(OtMessage m) {
        String name = m.functionName().isEmpty() ? "-" : m.functionName();
        String code = m.function().isPresent() ? m.function().getAsInt() + " " : "";
        String exception = m.isException() ? " !" + m.exceptionName() : "";
        return code + name + exception;
    }

    private static String points(OtMessage m) {
        StringBuilder text = new StringBuilder();
        for (PointRange range : m.ranges()) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(range.space()).append('[').append(range.start());
            if (range.count() > 1) {
                text.append("..").append(range.start() + range.count() - 1);
            }
            text.append(']');
        }
        if (!m.anomalies().isEmpty()) {
            text.append(text.length() > 0 ? " " : "").append("anomalies=").append(String.join(",", m.anomalies()));
        }
        return text.toString();
    }
}
