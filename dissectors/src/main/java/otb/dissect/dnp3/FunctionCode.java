package otb.dissect.dnp3;

import otb.dissect.OperationClass;

/**
 * Application layer function codes, IEEE 1815-2012 clause 4 (requests 0-33,
 * responses 129-131), with the operation class otb gives each.
 */
enum FunctionCode {
    CONFIRM(0, "confirm", OperationClass.MANAGEMENT, false),
    READ(1, "read", OperationClass.READ, true),
    WRITE(2, "write", OperationClass.WRITE, true),
    SELECT(3, "select", OperationClass.CONTROL, true),
    OPERATE(4, "operate", OperationClass.CONTROL, true),
    DIRECT_OPERATE(5, "direct_operate", OperationClass.CONTROL, true),
    DIRECT_OPERATE_NO_ACK(6, "direct_operate_no_ack", OperationClass.CONTROL, false),
    IMMEDIATE_FREEZE(7, "immediate_freeze", OperationClass.CONTROL, true),
    IMMEDIATE_FREEZE_NO_ACK(8, "immediate_freeze_no_ack", OperationClass.CONTROL, false),
    FREEZE_AND_CLEAR(9, "freeze_and_clear", OperationClass.CONTROL, true),
    FREEZE_AND_CLEAR_NO_ACK(10, "freeze_and_clear_no_ack", OperationClass.CONTROL, false),
    FREEZE_AT_TIME(11, "freeze_at_time", OperationClass.CONTROL, true),
    FREEZE_AT_TIME_NO_ACK(12, "freeze_at_time_no_ack", OperationClass.CONTROL, false),
    COLD_RESTART(13, "cold_restart", OperationClass.MANAGEMENT, true),
    WARM_RESTART(14, "warm_restart", OperationClass.MANAGEMENT, true),
    INITIALIZE_DATA(15, "initialize_data", OperationClass.MANAGEMENT, true),
    INITIALIZE_APPLICATION(16, "initialize_application", OperationClass.MANAGEMENT, true),
    START_APPLICATION(17, "start_application", OperationClass.MANAGEMENT, true),
    STOP_APPLICATION(18, "stop_application", OperationClass.MANAGEMENT, true),
    SAVE_CONFIGURATION(19, "save_configuration", OperationClass.MANAGEMENT, true),
    ENABLE_UNSOLICITED(20, "enable_unsolicited", OperationClass.MANAGEMENT, true),
    DISABLE_UNSOLICITED(21, "disable_unsolicited", OperationClass.MANAGEMENT, true),
    ASSIGN_CLASS(22, "assign_class", OperationClass.MANAGEMENT, true),
    DELAY_MEASURE(23, "delay_measure", OperationClass.MANAGEMENT, true),
    RECORD_CURRENT_TIME(24, "record_current_time", OperationClass.MANAGEMENT, true),
    OPEN_FILE(25, "open_file", OperationClass.FILE, true),
    CLOSE_FILE(26, "close_file", OperationClass.FILE, true),
    DELETE_FILE(27, "delete_file", OperationClass.FILE, true),
    GET_FILE_INFO(28, "get_file_info", OperationClass.FILE, true),
    AUTHENTICATE_FILE(29, "authenticate_file", OperationClass.FILE, true),
    ABORT_FILE(30, "abort_file", OperationClass.FILE, true),
    ACTIVATE_CONFIG(31, "activate_config", OperationClass.FILE, true),
    AUTHENTICATE_REQUEST(32, "authenticate_request", OperationClass.AUTHENTICATION, true),
    AUTHENTICATE_REQUEST_NO_ACK(33, "authenticate_request_no_ack", OperationClass.AUTHENTICATION, false),
    RESPONSE(129, "response", OperationClass.OTHER, false),
    UNSOLICITED_RESPONSE(130, "unsolicited_response", OperationClass.READ, false),
    AUTHENTICATE_RESPONSE(131, "authenticate_response", OperationClass.AUTHENTICATION, false);

    private static final FunctionCode[] BY_CODE = new FunctionCode[256];

    static {
        for (FunctionCode function : values()) {
            BY_CODE[function.code] = function;
        }
    }

    final int code;
    final String wireName;
    /** The class of a request, or of a response that cannot be paired with one. */
    final OperationClass operation;
    /** True when the outstation answers the request with a response (clause 4). */
    final boolean expectsResponse;

    FunctionCode(int code, String wireName, OperationClass operation, boolean expectsResponse) {
        this.code = code;
        this.wireName = wireName;
        this.operation = operation;
        this.expectsResponse = expectsResponse;
    }

    /** The function with this code (0..255), or null for a reserved code. */
    static FunctionCode of(int code) {
        return BY_CODE[code & 0xFF];
    }

    /** Codes 129 and up are sent by outstations (clause 4). */
    static boolean isResponseCode(int code) {
        return (code & 0xFF) >= 0x81;
    }

    /**
     * Requests whose object headers carry no object data, only which points (clause 4:
     * read, freeze, unsolicited enable/disable, assign class). Freeze-at-time carries a time
     * object (group 50) first, which does carry data.
     */
    boolean headersOnly() {
        return switch (this) {
            case READ, IMMEDIATE_FREEZE, IMMEDIATE_FREEZE_NO_ACK, FREEZE_AND_CLEAR, FREEZE_AND_CLEAR_NO_ACK,
                    FREEZE_AT_TIME, FREEZE_AT_TIME_NO_ACK, ENABLE_UNSOLICITED, DISABLE_UNSOLICITED, ASSIGN_CLASS -> true;
            default -> false;
        };
    }
}
