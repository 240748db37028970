package otb.baseline.sign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM text (RFC 7468): base64 of DER between {@code -----BEGIN LABEL-----} and
 * {@code -----END LABEL-----} lines. Reads strictly: a file past {@link #MAX_FILE_BYTES} is
 * refused before it is read.
 */
final class Pem {
    /** A key file is a few hundred bytes; anything near this is not one. */
    static final long MAX_FILE_BYTES = 64 * 1024;
    private static final int LINE = 64;

    /** One block: its label and DER bytes. */
    record Block(String label, byte[] der) {
    }

    private Pem() {
    }

    static String write(String label, byte[] der) {
        String base64 = Base64.getEncoder().encodeToString(der);
        StringBuilder text = new StringBuilder("-----BEGIN ").append(label).append("-----\n");
        for (int i = 0; i < base64.length(); i += LINE) {
            text.append(base64, i, Math.min(base64.length(), i + LINE)).append('\n');
        }
        return text.append("-----END ").append(label).append("-----\n").toString();
    }

    /** The blocks of a PEM file, in order; a clear error for anything else. */
    static List<Block> read(Path file) throws KeyException {
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new KeyException(file + ": no such key file");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new KeyException(file + ": not a PEM key file (" + size + " bytes)");
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        List<Block> blocks = new ArrayList<>();
        String label = null;
        StringBuilder base64 = new StringBuilder();
        int number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            String line = raw.strip();
            if (label == null) {
                if (line.startsWith("-----BEGIN ") && line.endsWith("-----")) {
                    label = line.substring(11, line.length() - 5);
                    base64.setLength(0);
                } else if (!line.isEmpty()) {
                    throw new KeyException(file + ":" + number + ": not a PEM key file (expected -----BEGIN ...-----)");
                }
            } else if (line.equals("-----END " + label + "-----")) {
                try {
                    blocks.add(new Block(label, Base64.getDecoder().decode(base64.toString())));
                } catch (IllegalArgumentException e) {
                    throw new KeyException(file + ": damaged PEM block " + label + " (" + e.getMessage() + ")", e);
                }
                label = null;
            } else {
                base64.append(line);
            }
        }
        if (label != null) {
            throw new KeyException(file + ": truncated PEM block " + label + " (no END line)");
        }
        if (blocks.isEmpty()) {
            throw new KeyException(file + ": not a PEM key file (no BEGIN line)");
        }
        return blocks;
    }
}
