package otb.dissect;

import java.util.Map;
import java.util.Set;

/**
 * Dissection settings and every bound of the dissection stage in one place.
 *
 * @param extraPorts             additional hint ports per protocol (e.g. Modbus on 5020)
 * @param maxPendingRequests     outstanding requests remembered per flow for pairing
 * @param requestTimeoutNanos    a request unanswered this long (capture time) is flagged as timed out
 * @param maxBufferedBytes       bytes buffered per flow direction waiting for a frame to complete
 * @param maxProbeChunks         deliveries probed before a flow is declared not industrial
 * @param maxFragmentBytes       bytes of a protocol-level reassembly (DNP3 transport, COTP) per flow
 */
public record DissectorConfig(Map<Protocol, Set<Integer>> extraPorts, int maxPendingRequests,
                              long requestTimeoutNanos, int maxBufferedBytes, int maxProbeChunks,
                              int maxFragmentBytes) {

    public DissectorConfig {
        extraPorts = Map.copyOf(extraPorts);
    }

    public static DissectorConfig defaults() {
        return new DissectorConfig(Map.of(), 256, 15L * 1_000_000_000L, 128 * 1024, 8, 64 * 1024);
    }

    public boolean isExtraPort(Protocol protocol, int port) {
        Set<Integer> ports = extraPorts.get(protocol);
        return ports != null && ports.contains(port);
    }

    public DissectorConfig withExtraPorts(Map<Protocol, Set<Integer>> ports) {
        return new DissectorConfig(ports, maxPendingRequests, requestTimeoutNanos, maxBufferedBytes,
                maxProbeChunks, maxFragmentBytes);
    }
}
