package otb.dissect.iec104;

import static otb.dissect.TestBytes.concat;
import java.util.ArrayList;
import java.util.List;
import otb.capture.Direction;

/**
 * ASDUs built by hand from IEC 60870-5-101 clause 7.3 (one field a line), for the types the
 * public captures lack, and a conversation of them between a controlling station and a
 * controlled station (common address 1) with send and receive sequence numbers counted as
 * 104 clause 5.1 counts them. {@code Iec104SyntheticCaptureTest} writes the conversation as
 * fixtures/golden/iec104/synthetic/input.pcap, whose Wireshark reading is the golden.
 */
final class Iec104Frames {
    private Iec104Frames() {
    }

    /** A CP56Time2a (101 clause 7.2.6.18): 2026-12-07 10:30:12.345, Monday. */
    static final String TIME_CP56 = "39 30"  // milliseconds 12345
            + " 1e"                          // minute 30, IV clear
            + " 0a"                          // hour 10, SU clear
            + " 27"                          // day of month 7, day of week 1 (bits 5-7)
            + " 0c"                          // month 12
            + " 1a";                         // year 26

    /** C_IC_NA_1 (100) activation: station interrogation (101 clause 7.3.4.1). */
    static final String INTERROGATION = "64"   // type identification 100
            + " 01"                              // variable structure qualifier: SQ=0, one object
            + " 06 00"                           // cause 6 activation; originator 0
            + " 01 00"                           // common address 1
            + " 00 00 00"                        // information object address 0
            + " 14";                             // QOI 20: station interrogation

    /** M_ME_NA_1 (9), SQ=1: three normalised values from IOA 2001, interrogated by station (20). */
    static final String NORMALISED_SEQUENCE = "09" // type identification 9
            + " 83"                                // SQ=1, three elements
            + " 14 00"                             // cause 20 interrogated by station; originator 0
            + " 01 00"                             // common address 1
            + " d1 07 00"                          // first information object address 2001
            + " 00 40 00"                          // NVA 4000H = 0.5, QDS 0
            + " 00 c0 00"                          // NVA C000H = -0.5, QDS 0
            + " ff 7f 01";                         // NVA 7FFFH = 1-2^-15, QDS OV

    /** M_ME_NB_1 (11), SQ=0: two scaled values, interrogated by station. */
    static final String SCALED = "0b"          // type identification 11
            + " 02"                            // SQ=0, two objects
            + " 14 00"                         // cause 20; originator 0
            + " 01 00"                         // common address 1
            + " b9 0b 00  d2 04  00"           // IOA 3001: SVA 1234, QDS 0
            + " bd 0b 00  38 ff  80";          // IOA 3005: SVA -200, QDS IV

    /** C_CI_NA_1 (101) activation: general counter request (101 clause 7.3.4.2). */
    static final String COUNTER_INTERROGATION = "65" // type identification 101
            + " 01"                                  // one object
            + " 06 00"                               // cause 6 activation; originator 0
            + " 01 00"                               // common address 1
            + " 00 00 00"                            // IOA 0
            + " 05";                                 // QCC: RQT 5 general counter, FRZ 0 read

    /** M_IT_NA_1 (15): one integrated total, requested by general counter request (37). */
    static final String INTEGRATED_TOTAL = "0f" // type identification 15
            + " 01"                             // one object
            + " 25 00"                          // cause 37 requested by general counter request
            + " 01 00"                          // common address 1
            + " a1 0f 00"                       // IOA 4001
            + " a0 86 01 00"                    // BCR counter 100000
            + " 21";                            // sequence 1, CY (carry)

    /** M_SP_TB_1 (30): single point with CP56Time2a, spontaneous (3). */
    static final String SINGLE_POINT_TIME = "1e" // type identification 30
            + " 01"                              // one object
            + " 03 00"                           // cause 3 spontaneous; originator 0
            + " 01 00"                           // common address 1
            + " e9 03 00"                        // IOA 1001
            + " 01"                              // SIQ: SPI on
            + " " + TIME_CP56;

    /** M_DP_TB_1 (31): double point with CP56Time2a, spontaneous, test bit set. */
    static final String DOUBLE_POINT_TIME = "1f" // type identification 31
            + " 01"                              // one object
            + " 83 00"                           // cause 3 spontaneous with T (test); originator 0
            + " 01 00"                           // common address 1
            + " 4d 04 00"                        // IOA 1101
            + " 02"                              // DIQ: DPI 2 determined on
            + " " + TIME_CP56;

    /** M_ME_TD_1 (34): normalised value with CP56Time2a. */
    static final String NORMALISED_TIME = "22" // type identification 34
            + " 01 03 00 01 00"                // one object; cause 3; originator 0; common address 1
            + " d1 07 00"                      // IOA 2001
            + " 00 20 00"                      // NVA 2000H = 0.25, QDS 0
            + " " + TIME_CP56;

    /** M_ME_TE_1 (35): scaled value with CP56Time2a. */
    static final String SCALED_TIME = "23" // type identification 35
            + " 01 03 00 01 00"            // one object; cause 3; originator 0; common address 1
            + " b9 0b 00"                  // IOA 3001
            + " ff ff 10"                  // SVA -1, QDS BL (blocked)
            + " " + TIME_CP56;

    /** M_ME_TF_1 (36): short float with CP56Time2a. */
    static final String FLOAT_TIME = "24" // type identification 36
            + " 01 03 00 01 00"           // one object; cause 3; originator 0; common address 1
            + " 89 13 00"                 // IOA 5001
            + " 00 00 c0 3f 00"           // IEEE 754 1.5, QDS 0
            + " " + TIME_CP56;

    /** M_IT_TB_1 (37): integrated total with CP56Time2a, spontaneous. */
    static final String INTEGRATED_TOTAL_TIME = "25" // type identification 37
            + " 01 03 00 01 00"                      // one object; cause 3; originator 0; common address 1
            + " a1 0f 00"                            // IOA 4001
            + " 07 00 00 00 02"                      // BCR counter 7, sequence 2
            + " " + TIME_CP56;

    /** M_SP_TA_1 (2): single point with CP24Time2a. */
    static final String SINGLE_POINT_CP24 = "02" // type identification 2
            + " 01 03 00 01 00"                  // one object; cause 3; originator 0; common address 1
            + " e9 03 00"                        // IOA 1001
            + " 00"                              // SIQ: SPI off
            + " f4 01 05";                       // CP24Time2a: 500 ms, minute 5

    /** M_ST_NA_1 (5): two step positions. */
    static final String STEP_POSITIONS = "05" // type identification 5
            + " 02 03 00 01 00"               // two objects; cause 3; originator 0; common address 1
            + " 71 17 00  7f 00"              // IOA 6001: VTI 7FH = -1, QDS 0
            + " 72 17 00  85 00";             // IOA 6002: VTI 85H = +5 transient, QDS 0

    /** M_BO_NA_1 (7): a bitstring of 32 bits. */
    static final String BITSTRING = "07" // type identification 7
            + " 01 03 00 01 00"          // one object; cause 3; originator 0; common address 1
            + " d5 17 00"                // IOA 6101
            + " 78 56 34 12 00";         // BSI 12345678H, QDS 0

    /** C_RC_NA_1 (47) activation: regulating step command, select, higher. */
    static final String REGULATING_STEP = "2f" // type identification 47
            + " 01 06 00 01 00"                // one object; cause 6 activation; originator 0; common address 1
            + " 59 1b 00"                      // IOA 7001
            + " 82";                           // RCO: S/E select, QU 0, RCS 2 next step higher

    /** The activation confirmation of {@link #REGULATING_STEP}. */
    static final String REGULATING_STEP_CONFIRMATION = "2f 01 07 00 01 00 59 1b 00 82"; // as above, cause 7

    /** C_SE_NA_1 (48) activation: normalised set-point 0.75, execute. */
    static final String SET_POINT_NORMALISED = "30" // type identification 48
            + " 01 06 00 01 00"                     // one object; cause 6; originator 0; common address 1
            + " 41 1f 00"                           // IOA 8001
            + " 00 60"                              // NVA 6000H = 0.75
            + " 00";                                // QOS: QL 0, S/E execute

    static final String SET_POINT_NORMALISED_CONFIRMATION = "30 01 07 00 01 00 41 1f 00 00 60 00"; // cause 7

    /** C_SE_NB_1 (49) activation: scaled set-point 500, select. */
    static final String SET_POINT_SCALED = "31" // type identification 49
            + " 01 06 00 01 00"                 // one object; cause 6; originator 0; common address 1
            + " 42 1f 00"                       // IOA 8002
            + " f4 01"                          // SVA 500
            + " 80";                            // QOS: QL 0, S/E select

    /** Its negative confirmation: cause 7 with P/N set (47H). */
    static final String SET_POINT_SCALED_REJECTED = "31 01 47 00 01 00 42 1f 00 f4 01 80";

    /** C_RD_NA_1 (102): read IOA 5001, cause 5 request. */
    static final String READ = "66" // type identification 102
            + " 01 05 00 01 00"     // one object; cause 5 request; originator 0; common address 1
            + " 89 13 00";          // IOA 5001, no element

    /** M_ME_NC_1 (13): the answer to the read, cause 5 request. */
    static final String READ_ANSWER = "0d" // type identification 13
            + " 01 05 00 01 00"            // one object; cause 5 request; originator 0; common address 1
            + " 89 13 00"                  // IOA 5001
            + " 00 00 20 41 00";           // IEEE 754 10.0, QDS 0

    /** C_CS_NA_1 (103) activation: clock synchronisation. */
    static final String CLOCK_SYNCHRONISATION = "67" // type identification 103
            + " 01 06 00 01 00"                      // one object; cause 6; originator 0; common address 1
            + " 00 00 00"                            // IOA 0
            + " " + TIME_CP56;

    /** C_RP_NA_1 (105) activation: reset process, general reset. */
    static final String RESET_PROCESS = "69" // type identification 105
            + " 01 06 00 01 00"              // one object; cause 6; originator 0; common address 1
            + " 00 00 00"                    // IOA 0
            + " 01";                         // QRP 1: general reset of process

    /** C_SC_NA_1 (45) activation to common address 2, which the station does not have. */
    static final String SINGLE_COMMAND_UNKNOWN_STATION = "2d" // type identification 45
            + " 01 06 00"                                     // one object; cause 6; originator 0
            + " 02 00"                                        // common address 2
            + " 29 23 00"                                     // IOA 9001
            + " 01";                                          // SCO: on, execute

    /** The answer: cause 46 unknown common address, P/N set (6EH). */
    static final String SINGLE_COMMAND_UNKNOWN_STATION_ANSWER = "2d 01 6e 00 02 00 29 23 00 01";

    /** U functions (104 clause 5.3): the bits of control octet 1 above the format bits. */
    static final int STARTDT_ACT = 0x04;
    static final int STARTDT_CON = 0x08;
    static final int STOPDT_ACT = 0x10;
    static final int STOPDT_CON = 0x20;
    static final int TESTFR_ACT = 0x40;
    static final int TESTFR_CON = 0x80;

    /** One TCP segment of the conversation. */
    record Segment(Direction direction, byte[] bytes) {
    }

    /**
     * The synthetic conversation, segment by segment: the controlling station (client) sends
     * TO_SERVER. Sequence numbers count per direction from 0; each side acknowledges what it
     * received. One segment carries two APDUs; one APDU is split over two segments.
     */
    static List<Segment> conversation() {
        Script s = new Script();
        s.controlling(Iec104Bytes.unnumbered(STARTDT_ACT));
        s.controlled(Iec104Bytes.unnumbered(STARTDT_CON));
        s.controlling(s.fromControlling(INTERROGATION));
        s.controlled(s.fromControlled(INTERROGATION.replace(" 06 00", " 07 00"))); // activation confirmation
        s.controlled(s.fromControlled(NORMALISED_SEQUENCE));
        s.controlled(s.fromControlled(SCALED));
        s.controlled(s.fromControlled(INTERROGATION.replace(" 06 00", " 0a 00"))); // activation termination
        s.controlling(Iec104Bytes.supervisory(s.receivedByControlling));
        s.controlling(s.fromControlling(COUNTER_INTERROGATION));
        // two APDUs in one segment: the confirmation and the counter
        s.controlled(concat(s.fromControlled(COUNTER_INTERROGATION.replace(" 06 00", " 07 00")),
                s.fromControlled(INTEGRATED_TOTAL)));
        for (String spontaneous : List.of(SINGLE_POINT_TIME, DOUBLE_POINT_TIME, NORMALISED_TIME, SCALED_TIME,
                FLOAT_TIME, INTEGRATED_TOTAL_TIME, SINGLE_POINT_CP24, STEP_POSITIONS, BITSTRING)) {
            s.controlled(s.fromControlled(spontaneous));
        }
        s.controlling(Iec104Bytes.supervisory(s.receivedByControlling));
        s.controlling(s.fromControlling(REGULATING_STEP));
        s.controlled(s.fromControlled(REGULATING_STEP_CONFIRMATION));
        s.controlling(s.fromControlling(SET_POINT_NORMALISED));
        s.controlled(s.fromControlled(SET_POINT_NORMALISED_CONFIRMATION));
        s.controlling(s.fromControlling(SET_POINT_SCALED));
        s.controlled(s.fromControlled(SET_POINT_SCALED_REJECTED));
        s.controlling(s.fromControlling(READ));
        // one APDU split over two segments
        byte[] answer = s.fromControlled(READ_ANSWER);
        s.controlled(java.util.Arrays.copyOfRange(answer, 0, 9));
        s.controlled(java.util.Arrays.copyOfRange(answer, 9, answer.length));
        s.controlled(Iec104Bytes.unnumbered(TESTFR_ACT));
        s.controlling(Iec104Bytes.unnumbered(TESTFR_CON));
        s.controlling(s.fromControlling(CLOCK_SYNCHRONISATION));
        s.controlled(s.fromControlled(CLOCK_SYNCHRONISATION.replace(" 06 00", " 07 00")));
        s.controlling(s.fromControlling(RESET_PROCESS));
        s.controlled(s.fromControlled(RESET_PROCESS.replace(" 06 00", " 07 00")));
        s.controlling(s.fromControlling(SINGLE_COMMAND_UNKNOWN_STATION));
        s.controlled(s.fromControlled(SINGLE_COMMAND_UNKNOWN_STATION_ANSWER));
        s.controlling(Iec104Bytes.supervisory(s.receivedByControlling));
        s.controlling(Iec104Bytes.unnumbered(STOPDT_ACT));
        s.controlled(Iec104Bytes.unnumbered(STOPDT_CON));
        return s.segments;
    }

    /** Counts sequence numbers as the two stations would. */
    private static final class Script {
        final List<Segment> segments = new ArrayList<>();
        int sentByControlling;
        int sentByControlled;
        int receivedByControlling;

        byte[] fromControlling(String asdu) {
            return Iec104Bytes.information(sentByControlling++, sentByControlled, asdu);
        }

        byte[] fromControlled(String asdu) {
            receivedByControlling = sentByControlled + 1;
            return Iec104Bytes.information(sentByControlled++, sentByControlling, asdu);
        }

        void controlling(byte[] bytes) {
            segments.add(new Segment(Direction.TO_SERVER, bytes));
        }

        void controlled(byte[] bytes) {
            segments.add(new Segment(Direction.TO_CLIENT, bytes));
        }
    }
}
