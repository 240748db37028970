package otb.sim;

import java.util.SplittableRandom;

/**
 * A Siemens PLC as an S7comm server: the variables its HMI reads, as words of a data block
 * (one analog {@link Signal} per 16-bit word) or as bytes of the input/output image (one
 * binary Signal per bit). A frozen-value scenario pins one word for a while.
 */
final class S7Plc {
    /** A readable variable: its address and one signal per word (or per bit when {@code bits}). */
    record Variable(S7Codec.Item item, Signal[] signals, boolean bits) {
    }

    final Host host;
    final int rack;
    final int slot;
    final Variable[] variables;
    final byte[] writableWords;
    private int frozenVariable = -1;
    private int frozenWord;
    private int frozenValue = -1;
    private long frozenFrom;
    private long frozenUntil;
    private Label frozenLabel;

    S7Plc(Host host, int rack, int slot, Variable[] variables) {
        this.host = host;
        this.rack = rack;
        this.slot = slot;
        this.variables = variables;
        this.writableWords = new byte[64];
    }

    /** Called TSAP of this PLC's CPU: connection type PG/OP (1), rack and slot (ISO-on-TCP practice). */
    int calledTsap() {
        return 0x0100 | (rack << 5) | slot;
    }

    void freeze(int variable, int word, long from, long until, Label label) {
        this.frozenVariable = variable;
        this.frozenWord = word;
        this.frozenFrom = from;
        this.frozenUntil = until;
        this.frozenLabel = label;
        this.frozenValue = -1;
    }

    /** The label of a read answered at {@code time}, when a frozen value shapes it. */
    Label frozenLabel(long time) {
        return frozenVariable >= 0 && time >= frozenFrom && time < frozenUntil ? frozenLabel : null;
    }

    /** The bytes of every variable at {@code time}. */
    byte[][] read(long time, SplittableRandom random) {
        byte[][] values = new byte[variables.length][];
        for (int v = 0; v < variables.length; v++) {
            Variable variable = variables[v];
            byte[] bytes = new byte[variable.item().length()];
            if (variable.bits()) {
                for (int bit = 0; bit < variable.signals().length && bit / 8 < bytes.length; bit++) {
                    if (variable.signals()[bit].value(time, random) != 0) {
                        bytes[bit / 8] |= (byte) (1 << (bit % 8));
                    }
                }
            } else {
                for (int word = 0; word < variable.signals().length && 2 * word + 1 < bytes.length; word++) {
                    int value = variable.signals()[word].value(time, random);
                    if (v == frozenVariable && word == frozenWord && time >= frozenFrom && time < frozenUntil) {
                        if (frozenValue < 0) {
                            frozenValue = value;
                        }
                        value = frozenValue;
                    }
                    Wire.put16(bytes, 2 * word, value);
                }
            }
            values[v] = bytes;
        }
        return values;
    }

    S7Codec.Item[] items() {
        S7Codec.Item[] items = new S7Codec.Item[variables.length];
        for (int i = 0; i < items.length; i++) {
            items[i] = variables[i].item();
        }
        return items;
    }
}
