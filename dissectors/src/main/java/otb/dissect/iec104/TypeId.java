package otb.dissect.iec104;

import otb.dissect.OperationClass;

/**
 * Type identifications of IEC 60870-5-101 clause 7.2.1 (table 8 for the monitor direction, 9-11
 * for control, system and parameter, 12 for file transfer) as IEC 60870-5-104 clause 8 allows
 * them, with the octets of one information element (without its address) and how otb reads it.
 * Names are the standard's mnemonics in lower case.
 */
enum TypeId {
    // Process information in monitor direction (101 table 8, the 104 subset of 104 clause 8)
    M_SP_NA_1(1, Element.SINGLE_POINT, TimeTag.NONE),
    M_SP_TA_1(2, Element.SINGLE_POINT, TimeTag.CP24),
    M_DP_NA_1(3, Element.DOUBLE_POINT, TimeTag.NONE),
    M_DP_TA_1(4, Element.DOUBLE_POINT, TimeTag.CP24),
    M_ST_NA_1(5, Element.STEP_POSITION, TimeTag.NONE),
    M_ST_TA_1(6, Element.STEP_POSITION, TimeTag.CP24),
    M_BO_NA_1(7, Element.BITSTRING, TimeTag.NONE),
    M_BO_TA_1(8, Element.BITSTRING, TimeTag.CP24),
    M_ME_NA_1(9, Element.NORMALISED, TimeTag.NONE),
    M_ME_TA_1(10, Element.NORMALISED, TimeTag.CP24),
    M_ME_NB_1(11, Element.SCALED, TimeTag.NONE),
    M_ME_TB_1(12, Element.SCALED, TimeTag.CP24),
    M_ME_NC_1(13, Element.SHORT_FLOAT, TimeTag.NONE),
    M_ME_TC_1(14, Element.SHORT_FLOAT, TimeTag.CP24),
    M_IT_NA_1(15, Element.INTEGRATED_TOTAL, TimeTag.NONE),
    M_IT_TA_1(16, Element.INTEGRATED_TOTAL, TimeTag.CP24),
    M_EP_TA_1(17, Element.PROTECTION_EVENT, TimeTag.CP24),
    M_EP_TB_1(18, Element.PROTECTION_START, TimeTag.CP24),
    M_EP_TC_1(19, Element.PROTECTION_OUTPUT, TimeTag.CP24),
    M_PS_NA_1(20, Element.STATUS_CHANGE, TimeTag.NONE),
    M_ME_ND_1(21, Element.NORMALISED_WITHOUT_QUALITY, TimeTag.NONE),
    M_SP_TB_1(30, Element.SINGLE_POINT, TimeTag.CP56),
    M_DP_TB_1(31, Element.DOUBLE_POINT, TimeTag.CP56),
    M_ST_TB_1(32, Element.STEP_POSITION, TimeTag.CP56),
    M_BO_TB_1(33, Element.BITSTRING, TimeTag.CP56),
    M_ME_TD_1(34, Element.NORMALISED, TimeTag.CP56),
    M_ME_TE_1(35, Element.SCALED, TimeTag.CP56),
    M_ME_TF_1(36, Element.SHORT_FLOAT, TimeTag.CP56),
    M_IT_TB_1(37, Element.INTEGRATED_TOTAL, TimeTag.CP56),
    M_EP_TD_1(38, Element.PROTECTION_EVENT, TimeTag.CP56),
    M_EP_TE_1(39, Element.PROTECTION_START, TimeTag.CP56),
    M_EP_TF_1(40, Element.PROTECTION_OUTPUT, TimeTag.CP56),
    // Process information in control direction (101 table 9; 104 clause 8 adds the time-tagged ones)
    C_SC_NA_1(45, Element.SINGLE_COMMAND, TimeTag.NONE),
    C_DC_NA_1(46, Element.DOUBLE_COMMAND, TimeTag.NONE),
    C_RC_NA_1(47, Element.REGULATING_STEP_COMMAND, TimeTag.NONE),
    C_SE_NA_1(48, Element.SET_POINT_NORMALISED, TimeTag.NONE),
    C_SE_NB_1(49, Element.SET_POINT_SCALED, TimeTag.NONE),
    C_SE_NC_1(50, Element.SET_POINT_SHORT_FLOAT, TimeTag.NONE),
    C_BO_NA_1(51, Element.BITSTRING_COMMAND, TimeTag.NONE),
    C_SC_TA_1(58, Element.SINGLE_COMMAND, TimeTag.CP56),
    C_DC_TA_1(59, Element.DOUBLE_COMMAND, TimeTag.CP56),
    C_RC_TA_1(60, Element.REGULATING_STEP_COMMAND, TimeTag.CP56),
    C_SE_TA_1(61, Element.SET_POINT_NORMALISED, TimeTag.CP56),
    C_SE_TB_1(62, Element.SET_POINT_SCALED, TimeTag.CP56),
    C_SE_TC_1(63, Element.SET_POINT_SHORT_FLOAT, TimeTag.CP56),
    C_BO_TA_1(64, Element.BITSTRING_COMMAND, TimeTag.CP56),
    // System information in monitor direction (101 table 10)
    M_EI_NA_1(70, Element.END_OF_INITIALISATION, TimeTag.NONE),
    // System information in control direction (101 table 11, 104 clause 8)
    C_IC_NA_1(100, Element.INTERROGATION, TimeTag.NONE),
    C_CI_NA_1(101, Element.COUNTER_INTERROGATION, TimeTag.NONE),
    C_RD_NA_1(102, Element.READ, TimeTag.NONE),
    C_CS_NA_1(103, Element.CLOCK_SYNCHRONISATION, TimeTag.NONE),
    C_TS_NA_1(104, Element.TEST, TimeTag.NONE),
    C_RP_NA_1(105, Element.RESET_PROCESS, TimeTag.NONE),
    C_CD_NA_1(106, Element.DELAY_ACQUISITION, TimeTag.NONE),
    C_TS_TA_1(107, Element.TEST_WITH_COUNTER, TimeTag.CP56),
    // Parameters in control direction (101 table 12)
    P_ME_NA_1(110, Element.PARAMETER_NORMALISED, TimeTag.NONE),
    P_ME_NB_1(111, Element.PARAMETER_SCALED, TimeTag.NONE),
    P_ME_NC_1(112, Element.PARAMETER_SHORT_FLOAT, TimeTag.NONE),
    P_AC_NA_1(113, Element.PARAMETER_ACTIVATION, TimeTag.NONE),
    // File transfer (101 table 13; 104 clause 8 adds F_SC_NB_1)
    F_FR_NA_1(120, Element.FILE_READY, TimeTag.NONE),
    F_SR_NA_1(121, Element.SECTION_READY, TimeTag.NONE),
    F_SC_NA_1(122, Element.CALL_FILE, TimeTag.NONE),
    F_LS_NA_1(123, Element.LAST_SECTION, TimeTag.NONE),
    F_AF_NA_1(124, Element.ACK_FILE, TimeTag.NONE),
    F_SG_NA_1(125, Element.SEGMENT, TimeTag.NONE),
    F_DR_TA_1(126, Element.DIRECTORY, TimeTag.CP56),
    F_SC_NB_1(127, Element.QUERY_LOG, TimeTag.NONE);

    /** The highest type identification (one octet). */
    static final int MAX_CODE = 255;
    private static final TypeId[] BY_CODE = new TypeId[MAX_CODE + 1];

    static {
        for (TypeId type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    final int code;
    final Element element;
    final TimeTag timeTag;
    /** The mnemonic in lower case, as messages name the function: {@code c_sc_na_1}. */
    final String wireName;

    TypeId(int code, Element element, TimeTag timeTag) {
        this.code = code;
        this.element = element;
        this.timeTag = timeTag;
        this.wireName = name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The type of that code, or null for the unassigned and private-range codes. */
    static TypeId of(int code) {
        return code >= 0 && code <= MAX_CODE ? BY_CODE[code] : null;
    }

    /** Octets of one information element, time tag included; -1 for a variable size (F_SG_NA_1). */
    int elementBytes() {
        return element.bytes < 0 ? -1 : element.bytes + timeTag.bytes;
    }

    OperationClass operation() {
        return element.family.operation;
    }

    /** The address space of its points (see {@link Family}). */
    String space() {
        return element.family.space;
    }

    /** A command whose activation the controlled station confirms (COT 7) for its information object. */
    boolean isCommand() {
        return switch (element.family) {
            case SINGLE_COMMAND, DOUBLE_COMMAND, REGULATING_STEP_COMMAND, SET_POINT, BITSTRING_COMMAND, PARAMETER,
                 INTERROGATION, SYSTEM_COMMAND -> true;
            default -> false;
        };
    }

    /** The time tag that follows an element (101 clause 7.2.6.18, 7.2.6.19). */
    enum TimeTag {
        NONE(0), CP24(3), CP56(7);

        final int bytes;

        TimeTag(int bytes) {
            this.bytes = bytes;
        }
    }

    /**
     * Families of types that address one kind of point: a monitored single point and its
     * time-tagged variants share a space, commands have their own (a command's address is its
     * own information object, not the point it moves). The operation class is the family's.
     */
    enum Family {
        SINGLE_POINT("single_point", OperationClass.READ),
        DOUBLE_POINT("double_point", OperationClass.READ),
        STEP_POSITION("step_position", OperationClass.READ),
        BITSTRING("bitstring", OperationClass.READ),
        MEASURED_VALUE("measured_value", OperationClass.READ),
        INTEGRATED_TOTAL("integrated_total", OperationClass.READ),
        PROTECTION("protection_event", OperationClass.READ),
        SINGLE_COMMAND("single_command", OperationClass.CONTROL),
        DOUBLE_COMMAND("double_command", OperationClass.CONTROL),
        REGULATING_STEP_COMMAND("regulating_step_command", OperationClass.CONTROL),
        SET_POINT("set_point", OperationClass.WRITE),
        BITSTRING_COMMAND("bitstring_command", OperationClass.WRITE),
        PARAMETER("parameter", OperationClass.WRITE),
        /** End of initialisation: the station says it (re)started. */
        INITIALISATION(null, OperationClass.MANAGEMENT),
        /** General and counter interrogation: the station is asked for all its data. */
        INTERROGATION(null, OperationClass.READ),
        /** Read command: the station is asked for one information object, of whatever type. */
        READ("information_object", OperationClass.READ),
        /** Clock synchronisation, test, reset process, delay acquisition, parameter activation. */
        SYSTEM_COMMAND(null, OperationClass.MANAGEMENT),
        FILE(null, OperationClass.FILE);

        /** The address space of its points; null when its information object address names no point. */
        final String space;
        final OperationClass operation;

        Family(String space, OperationClass operation) {
            this.space = space;
            this.operation = operation;
        }
    }

    /**
     * Information elements (101 clause 7.3 per type, sizes from clause 7.2.6): octets without
     * the time tag, and the family of points they address.
     */
    enum Element {
        SINGLE_POINT(1, Family.SINGLE_POINT),                    // SIQ
        DOUBLE_POINT(1, Family.DOUBLE_POINT),                    // DIQ
        STEP_POSITION(2, Family.STEP_POSITION),                  // VTI, QDS
        BITSTRING(5, Family.BITSTRING),                          // BSI, QDS
        NORMALISED(3, Family.MEASURED_VALUE),                    // NVA, QDS
        SCALED(3, Family.MEASURED_VALUE),                        // SVA, QDS
        SHORT_FLOAT(5, Family.MEASURED_VALUE),                   // IEEE STD 754, QDS
        INTEGRATED_TOTAL(5, Family.INTEGRATED_TOTAL),            // BCR
        PROTECTION_EVENT(3, Family.PROTECTION),                  // SEP, CP16Time2a
        PROTECTION_START(4, Family.PROTECTION),                  // SPE, QDP, CP16Time2a
        PROTECTION_OUTPUT(4, Family.PROTECTION),                 // OCI, QDP, CP16Time2a
        STATUS_CHANGE(5, Family.BITSTRING),                      // SCD, QDS
        NORMALISED_WITHOUT_QUALITY(2, Family.MEASURED_VALUE),    // NVA
        SINGLE_COMMAND(1, Family.SINGLE_COMMAND),                // SCO
        DOUBLE_COMMAND(1, Family.DOUBLE_COMMAND),                // DCO
        REGULATING_STEP_COMMAND(1, Family.REGULATING_STEP_COMMAND), // RCO
        SET_POINT_NORMALISED(3, Family.SET_POINT),               // NVA, QOS
        SET_POINT_SCALED(3, Family.SET_POINT),                   // SVA, QOS
        SET_POINT_SHORT_FLOAT(5, Family.SET_POINT),              // IEEE STD 754, QOS
        BITSTRING_COMMAND(4, Family.BITSTRING_COMMAND),          // BSI
        END_OF_INITIALISATION(1, Family.INITIALISATION),         // COI
        INTERROGATION(1, Family.INTERROGATION),                    // QOI
        COUNTER_INTERROGATION(1, Family.INTERROGATION),            // QCC
        READ(0, Family.READ),                             // the address alone
        CLOCK_SYNCHRONISATION(7, Family.SYSTEM_COMMAND),         // CP56Time2a
        TEST(2, Family.SYSTEM_COMMAND),                          // FBP
        RESET_PROCESS(1, Family.SYSTEM_COMMAND),                 // QRP
        DELAY_ACQUISITION(2, Family.SYSTEM_COMMAND),             // CP16Time2a
        TEST_WITH_COUNTER(2, Family.SYSTEM_COMMAND),             // TSC (CP56Time2a follows)
        PARAMETER_NORMALISED(3, Family.PARAMETER),               // NVA, QPM
        PARAMETER_SCALED(3, Family.PARAMETER),                   // SVA, QPM
        PARAMETER_SHORT_FLOAT(5, Family.PARAMETER),              // IEEE STD 754, QPM
        PARAMETER_ACTIVATION(1, Family.SYSTEM_COMMAND),          // QPA
        FILE_READY(6, Family.FILE),                              // NOF, LOF, FRQ
        SECTION_READY(7, Family.FILE),                           // NOF, NOS, LOF, SRQ
        CALL_FILE(4, Family.FILE),                               // NOF, NOS, SCQ
        LAST_SECTION(5, Family.FILE),                            // NOF, NOS, LSQ, CHS
        ACK_FILE(4, Family.FILE),                                // NOF, NOS, AFQ
        SEGMENT(-1, Family.FILE),                                // NOF, NOS, LOS, LOS octets
        DIRECTORY(6, Family.FILE),                               // NOF, LOF, SOF (CP56Time2a follows)
        QUERY_LOG(16, Family.FILE);                              // NOF, CP56Time2a start, CP56Time2a stop

        final int bytes;
        final Family family;

        Element(int bytes, Family family) {
            this.bytes = bytes;
            this.family = family;
        }
    }
}
