package otb.dissect.goose;

import java.util.List;

/**
 * One GOOSE frame (IEC 61850-8-1, annex A, figure A.3 and the IECGoosePdu of clause A.3).
 *
 * @param appId              APPID, 0..65535 (0x0000..0x3FFF for GOOSE type 1)
 * @param length             the Length field: octets from APPID to the end of the APDU, 8..65535
 * @param simulation         bit 15 of Reserved 1 (IEC 61850-8-1 Ed.2: the frame is simulated)
 * @param gocbRef            the GoCB reference
 * @param timeAllowedToLive  milliseconds the subscriber waits for the next message
 * @param dataSet            the data set reference
 * @param goId               the goID, "" when absent
 * @param timestampNanos     t: time of the last state change, nanoseconds since the epoch; -1 when absent
 * @param stNum              state number, 0..2^32-1, incremented on every change of the data set
 * @param sqNum              sequence number, 0..2^32-1, incremented on every repetition
 * @param test               the simulation/test BOOLEAN of the PDU
 * @param confRev            configuration revision
 * @param ndsCom             needs commissioning
 * @param entries            numDatSetEntries
 * @param values             the first entries' values as numbers (booleans 0/1), NaN for types
 *                           that are not numbers; at most {@link GooseLimits#MAX_VALUES}
 * @param dataItems          top-level items in allData
 * @param anomalies          what did not fit the standard
 */
record GoosePdu(int appId, int length, boolean simulation, String gocbRef, long timeAllowedToLive, String dataSet,
                String goId, long timestampNanos, long stNum, long sqNum, boolean test, long confRev,
                boolean ndsCom, long entries, List<Double> values, int dataItems, List<String> anomalies) {
}
