package otb.dissect.iec104;

/** Causes of transmission, IEC 60870-5-101 clause 7.2.3 (table 14), as names for output. */
final class CauseOfTransmission {
    private CauseOfTransmission() {
    }

    static final int PERIODIC = 1;
    static final int REQUEST = 5;
    static final int ACTIVATION = 6;
    static final int ACTIVATION_CONFIRMATION = 7;
    static final int DEACTIVATION = 8;
    static final int DEACTIVATION_CONFIRMATION = 9;
    static final int ACTIVATION_TERMINATION = 10;
    /** 44-47: the controlled station did not know the type, cause, common address or object. */
    static final int FIRST_UNKNOWN = 44;
    static final int LAST_UNKNOWN = 47;

    static String name(int cause) {
        return switch (cause) {
            case 1 -> "periodic";
            case 2 -> "background_scan";
            case 3 -> "spontaneous";
            case 4 -> "initialised";
            case REQUEST -> "request";
            case ACTIVATION -> "activation";
            case ACTIVATION_CONFIRMATION -> "activation_confirmation";
            case DEACTIVATION -> "deactivation";
            case DEACTIVATION_CONFIRMATION -> "deactivation_confirmation";
            case ACTIVATION_TERMINATION -> "activation_termination";
            case 11 -> "return_remote_command";
            case 12 -> "return_local_command";
            case 13 -> "file_transfer";
            case 20 -> "interrogated_by_station";
            case 37 -> "requested_by_general_counter";
            case 44 -> "unknown_type";
            case 45 -> "unknown_cause";
            case 46 -> "unknown_common_address";
            case 47 -> "unknown_object_address";
            default -> cause >= 21 && cause <= 36 ? "interrogated_by_group_" + (cause - 20)
                    : cause >= 38 && cause <= 41 ? "requested_by_group_" + (cause - 37) + "_counter"
                    : "cause_" + cause;
        };
    }

    /** A confirmation or unknown-item answer that says the command was not carried out. */
    static boolean isRejection(int cause, boolean negative) {
        return negative || cause >= FIRST_UNKNOWN && cause <= LAST_UNKNOWN;
    }
}
