package otb.baseline.model;

import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.dissect.OperationClass;
import otb.dissect.OtMessage;
import otb.dissect.PointRange;
import otb.dissect.PointValue;

/**
 * What learning and detection agree a command is: whether it changes anything, the fingerprint
 * that recognises it when it comes again, and the connection it came on. Learning remembers
 * commands by these; detection looks them up by the same.
 */
public final class Commands {
    private Commands() {
    }

    /** Changes process data, outputs or the program. */
    public static boolean isChange(OperationClass operation) {
        return operation == OperationClass.WRITE || operation == OperationClass.CONTROL
                || operation == OperationClass.PROGRAM;
    }

    /** Identifies a command by what it does: server, function, unit, transaction id, points and values. Never 0. */
    public static long fingerprint(OtMessage message) {
        long hash = 0x84222325CBF29CE4L;
        IpAddress server = message.serverAddress();
        hash = mix(mix(hash, server.high()), server.low());
        hash = mix(hash, message.function().isPresent() ? message.function().getAsInt() : -1);
        hash = mix(hash, message.functionName().hashCode());
        hash = mix(hash, message.unit());
        hash = mix(hash, message.transactionId().isPresent() ? message.transactionId().getAsLong() : -1);
        for (PointRange range : message.ranges()) {
            hash = mix(mix(mix(hash, range.space().hashCode()), range.start()), range.count());
        }
        for (PointValue value : message.values()) {
            hash = mix(mix(mix(hash, value.space().hashCode()), value.address()), Double.doubleToLongBits(value.value()));
        }
        return hash == 0 ? 1 : hash;
    }

    private static long mix(long hash, long value) {
        hash ^= value;
        hash *= 0x9E3779B97F4A7C15L;
        return hash ^ (hash >>> 31);
    }

    /** Identifies one transport connection across runs: client port and first-seen time. */
    public static long connectionIdentity(Flow flow) {
        return flow.firstSeenNanos() * 31 + flow.clientPort() * 0x9E3779B97F4A7C15L + flow.serverPort();
    }
}
