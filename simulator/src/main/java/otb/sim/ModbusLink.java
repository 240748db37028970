package otb.sim;

/**
 * A Modbus/TCP client's connection to one server, shared by whoever sends on it (the poller,
 * the operator, an injected attack): the transaction counter lives here.
 */
final class ModbusLink {
    /** Replaces the register values of matching read responses (a man in the middle). */
    interface Tap {
        /** Register values to send instead of {@code real}, or null to leave the response alone. */
        int[] replace(int function, int address, int[] real, long time);

        Label label();
    }

    final TcpConnection connection;
    final ModbusDevice device;
    private int nextTransaction;
    Tap tap;

    ModbusLink(TcpConnection connection, ModbusDevice device, int firstTransaction) {
        this.connection = connection;
        this.device = device;
        this.nextTransaction = firstTransaction;
    }

    int nextTransaction() {
        int id = nextTransaction;
        nextTransaction = (nextTransaction + 1) & 0xFFFF;
        return id;
    }
}
