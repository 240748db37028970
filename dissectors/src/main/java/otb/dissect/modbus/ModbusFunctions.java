package otb.dissect.modbus;

import otb.dissect.OperationClass;

/**
 * Names and operation classes of Modbus function codes, diagnostic sub-functions, MEI types,
 * Schneider UMAS functions and exception codes.
 *
 * <p>Sources: Modbus Application Protocol Specification V1.1b3 (clause 5.1 function code
 * categories, clause 6 function descriptions, clause 7 exception codes); PI-MBUS-300 rev. J for
 * the diagnostic sub-functions; the UMAS function numbers as Wireshark 4.x's Modbus dissector
 * lists them. Names are the standard's, in snake_case.
 *
 * <p>Operation classes (see {@link OperationClass}): reads of process data are READ (1-4, 20,
 * 24); anything that changes process data is WRITE (5, 6, 15, 16, 21, 22, and 23, which reads
 * and writes in one go); questions about the device are DIAGNOSTIC (7, 8, 11, 12, 17, 43/14).
 * Diagnostics sub-functions that change the device's communication state are not diagnostics:
 * 8/1 restart communications and 8/10, 8/20 clear counters are MANAGEMENT (a restart, like a
 * reboot of the serial line stack); 8/4 force listen-only mode is CONTROL because it switches
 * the device into a mode where it stops answering, a change of operating mode that only a
 * restart undoes (the classic Modbus denial of service). 8/3 change ASCII input delimiter is
 * MANAGEMENT (communication setup).
 */
public final class ModbusFunctions {
    private ModbusFunctions() {
    }

    public static final int READ_COILS = 1;
    public static final int READ_DISCRETE_INPUTS = 2;
    public static final int READ_HOLDING_REGISTERS = 3;
    public static final int READ_INPUT_REGISTERS = 4;
    public static final int WRITE_SINGLE_COIL = 5;
    public static final int WRITE_SINGLE_REGISTER = 6;
    public static final int READ_EXCEPTION_STATUS = 7;
    public static final int DIAGNOSTICS = 8;
    public static final int GET_COMM_EVENT_COUNTER = 11;
    public static final int GET_COMM_EVENT_LOG = 12;
    public static final int WRITE_MULTIPLE_COILS = 15;
    public static final int WRITE_MULTIPLE_REGISTERS = 16;
    public static final int REPORT_SERVER_ID = 17;
    public static final int READ_FILE_RECORD = 20;
    public static final int WRITE_FILE_RECORD = 21;
    public static final int MASK_WRITE_REGISTER = 22;
    public static final int READ_WRITE_MULTIPLE_REGISTERS = 23;
    public static final int READ_FIFO_QUEUE = 24;
    public static final int ENCAPSULATED_INTERFACE_TRANSPORT = 43;
    /** Schneider Electric UMAS, carried in the vendor-specific function 90 (0x5A). */
    public static final int UMAS = 90;

    /** Set on the function code of an exception response (clause 7). */
    public static final int EXCEPTION_BIT = 0x80;

    /** MEI type 13: CANopen general reference request and response (clause 6.20). */
    public static final int MEI_CANOPEN_GENERAL_REFERENCE = 13;
    /** MEI type 14: read device identification (clause 6.21). */
    public static final int MEI_READ_DEVICE_IDENTIFICATION = 14;

    /** Diagnostics sub-functions (clause 6.8.1) that {@link #operation} classes specially. */
    public static final int DIAGNOSTIC_RESTART_COMMUNICATIONS = 1;
    public static final int DIAGNOSTIC_CHANGE_ASCII_DELIMITER = 3;
    public static final int DIAGNOSTIC_FORCE_LISTEN_ONLY = 4;
    public static final int DIAGNOSTIC_CLEAR_COUNTERS = 10;
    public static final int DIAGNOSTIC_CLEAR_OVERRUN_COUNTER = 20;

    private static final String[] NAMES = new String[128];
    private static final OperationClass[] OPERATIONS = new OperationClass[128];

    static {
        define(READ_COILS, "read_coils", OperationClass.READ);
        define(READ_DISCRETE_INPUTS, "read_discrete_inputs", OperationClass.READ);
        define(READ_HOLDING_REGISTERS, "read_holding_registers", OperationClass.READ);
        define(READ_INPUT_REGISTERS, "read_input_registers", OperationClass.READ);
        define(WRITE_SINGLE_COIL, "write_single_coil", OperationClass.WRITE);
        define(WRITE_SINGLE_REGISTER, "write_single_register", OperationClass.WRITE);
        define(READ_EXCEPTION_STATUS, "read_exception_status", OperationClass.DIAGNOSTIC);
        define(DIAGNOSTICS, "diagnostics", OperationClass.DIAGNOSTIC);
        define(GET_COMM_EVENT_COUNTER, "get_comm_event_counter", OperationClass.DIAGNOSTIC);
        define(GET_COMM_EVENT_LOG, "get_comm_event_log", OperationClass.DIAGNOSTIC);
        define(WRITE_MULTIPLE_COILS, "write_multiple_coils", OperationClass.WRITE);
        define(WRITE_MULTIPLE_REGISTERS, "write_multiple_registers", OperationClass.WRITE);
        define(REPORT_SERVER_ID, "report_server_id", OperationClass.DIAGNOSTIC);
        define(READ_FILE_RECORD, "read_file_record", OperationClass.READ);
        define(WRITE_FILE_RECORD, "write_file_record", OperationClass.WRITE);
        define(MASK_WRITE_REGISTER, "mask_write_register", OperationClass.WRITE);
        define(READ_WRITE_MULTIPLE_REGISTERS, "read_write_multiple_registers", OperationClass.WRITE);
        define(READ_FIFO_QUEUE, "read_fifo_queue", OperationClass.READ);
        define(ENCAPSULATED_INTERFACE_TRANSPORT, "encapsulated_interface_transport", OperationClass.OTHER);
        define(UMAS, "umas", OperationClass.OTHER);
        // Clause 5.1: user-defined function codes 65-72 and 100-110.
        for (int code = 65; code <= 72; code++) {
            define(code, "user_defined_" + code, OperationClass.OTHER);
        }
        for (int code = 100; code <= 110; code++) {
            if (NAMES[code] == null) {
                define(code, "user_defined_" + code, OperationClass.OTHER);
            }
        }
    }

    private static void define(int code, String name, OperationClass operation) {
        NAMES[code] = name;
        OPERATIONS[code] = operation;
    }

    /** True for the function codes of the specification (clause 5.1, public codes) and UMAS. */
    public static boolean isKnown(int function) {
        return function > 0 && function < 128 && NAMES[function] != null && !isUserDefined(function);
    }

    /** Clause 5.1: 65-72 and 100-110 are for user-defined functions. */
    public static boolean isUserDefined(int function) {
        return (function >= 65 && function <= 72) || (function >= 100 && function <= 110);
    }

    /** The function's name; {@code unknown_N} for codes the specification does not assign. */
    public static String name(int function) {
        int code = function & 0x7F;
        String name = NAMES[code];
        return name != null ? name : "unknown_" + code;
    }

    /**
     * The operation class of a function, refined by its sub-function where the class depends
     * on it (8 diagnostics, 43 MEI type, 90 UMAS); {@code subFunction} is ignored for others and
     * may be negative when unknown.
     */
    public static OperationClass operation(int function, int subFunction) {
        int code = function & 0x7F;
        switch (code) {
            case DIAGNOSTICS:
                return diagnosticOperation(subFunction);
            case ENCAPSULATED_INTERFACE_TRANSPORT:
                return subFunction == MEI_READ_DEVICE_IDENTIFICATION ? OperationClass.DIAGNOSTIC : OperationClass.OTHER;
            case UMAS:
                return subFunction < 0 ? OperationClass.OTHER : umasOperation(subFunction);
            default:
                OperationClass operation = OPERATIONS[code];
                return operation != null ? operation : OperationClass.OTHER;
        }
    }

    /** The function name including its sub-function where that names a distinct service. */
    public static String functionName(int function, int subFunction) {
        int code = function & 0x7F;
        if (code == ENCAPSULATED_INTERFACE_TRANSPORT) {
            if (subFunction == MEI_READ_DEVICE_IDENTIFICATION) {
                return "read_device_identification";
            }
            if (subFunction == MEI_CANOPEN_GENERAL_REFERENCE) {
                return "canopen_general_reference";
            }
        }
        return name(code);
    }

    private static OperationClass diagnosticOperation(int subFunction) {
        switch (subFunction) {
            case DIAGNOSTIC_FORCE_LISTEN_ONLY:
                return OperationClass.CONTROL;
            case DIAGNOSTIC_RESTART_COMMUNICATIONS:
            case DIAGNOSTIC_CHANGE_ASCII_DELIMITER:
            case DIAGNOSTIC_CLEAR_COUNTERS:
            case DIAGNOSTIC_CLEAR_OVERRUN_COUNTER:
                return OperationClass.MANAGEMENT;
            default:
                return OperationClass.DIAGNOSTIC;
        }
    }

    /** Clause 6.8.1, table of diagnostics sub-function codes. */
    public static String diagnosticName(int subFunction) {
        switch (subFunction) {
            case 0: return "return_query_data";
            case 1: return "restart_communications_option";
            case 2: return "return_diagnostic_register";
            case 3: return "change_ascii_input_delimiter";
            case 4: return "force_listen_only_mode";
            case 10: return "clear_counters_and_diagnostic_register";
            case 11: return "return_bus_message_count";
            case 12: return "return_bus_communication_error_count";
            case 13: return "return_bus_exception_error_count";
            case 14: return "return_server_message_count";
            case 15: return "return_server_no_response_count";
            case 16: return "return_server_nak_count";
            case 17: return "return_server_busy_count";
            case 18: return "return_bus_character_overrun_count";
            case 20: return "clear_overrun_counter_and_flag";
            default: return "reserved_" + subFunction;
        }
    }

    /** MEI types of function 43 (clause 6.19, annex A). */
    public static String meiName(int meiType) {
        switch (meiType) {
            case MEI_CANOPEN_GENERAL_REFERENCE: return "canopen_general_reference";
            case MEI_READ_DEVICE_IDENTIFICATION: return "read_device_identification";
            default: return "mei_" + meiType;
        }
    }

    /** UMAS function codes, numbered as Wireshark's Modbus dissector (packet-mbtcp.h) lists them. */
    public static String umasName(int umasFunction) {
        switch (umasFunction) {
            case 0x01: return "init_comm";
            case 0x02: return "read_id";
            case 0x03: return "read_project_info";
            case 0x04: return "read_plc_info";
            case 0x06: return "read_card_info";
            case 0x0A: return "repeat";
            case 0x10: return "take_plc_reservation";
            case 0x11: return "release_plc_reservation";
            case 0x12: return "keep_alive";
            case 0x20: return "read_memory_block";
            case 0x22: return "read_variables";
            case 0x23: return "write_variables";
            case 0x24: return "read_coils_registers";
            case 0x25: return "write_coils_registers";
            case 0x26: return "data_dictionary";
            case 0x30: return "initialize_upload";
            case 0x31: return "upload_block";
            case 0x32: return "end_strategy_upload";
            case 0x33: return "initialize_download";
            case 0x34: return "download_block";
            case 0x35: return "end_strategy_download";
            case 0x39: return "read_ethernet_master_data";
            case 0x40: return "start_plc";
            case 0x41: return "stop_plc";
            case 0x50: return "monitor_plc";
            case 0x58: return "check_plc";
            case 0x70: return "read_io_object";
            case 0x71: return "write_io_object";
            case 0x73: return "get_status_module";
            case UMAS_RESPONSE_OK: return "response_ok";
            case UMAS_RESPONSE_ERROR: return "response_error";
            default: return "umas_" + umasFunction;
        }
    }

    /** Status byte of a UMAS response in place of the function code. */
    public static final int UMAS_RESPONSE_OK = 0xFE;
    public static final int UMAS_RESPONSE_ERROR = 0xFD;

    /**
     * UMAS classes: PLC start/stop is CONTROL; strategy (program) upload and download are
     * PROGRAM, whichever way the program moves, since both are engineering-station work on the
     * project; variable and memory reads READ, writes WRITE; reservation, session set-up and keep
     * alive MANAGEMENT; identification and status DIAGNOSTIC.
     */
    private static OperationClass umasOperation(int umasFunction) {
        switch (umasFunction) {
            case 0x40: case 0x41:
                return OperationClass.CONTROL;
            case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35:
                return OperationClass.PROGRAM;
            case 0x20: case 0x22: case 0x24: case 0x39: case 0x50: case 0x70:
                return OperationClass.READ;
            case 0x23: case 0x25: case 0x71:
                return OperationClass.WRITE;
            case 0x01: case 0x10: case 0x11: case 0x12:
                return OperationClass.MANAGEMENT;
            case 0x02: case 0x03: case 0x04: case 0x06: case 0x0A: case 0x26: case 0x58: case 0x73:
                return OperationClass.DIAGNOSTIC;
            default:
                return OperationClass.OTHER;
        }
    }

    /** Exception codes, clause 7 (7 is PI-MBUS-300's negative acknowledge). */
    public static String exceptionName(int exceptionCode) {
        switch (exceptionCode) {
            case 1: return "illegal_function";
            case 2: return "illegal_data_address";
            case 3: return "illegal_data_value";
            case 4: return "server_device_failure";
            case 5: return "acknowledge";
            case 6: return "server_device_busy";
            case 7: return "negative_acknowledge";
            case 8: return "memory_parity_error";
            case 10: return "gateway_path_unavailable";
            case 11: return "gateway_target_device_failed_to_respond";
            default: return "unknown_exception_" + exceptionCode;
        }
    }

    /**
     * Basic and regular device identification objects 0-6 (clause 6.21, table "Device
     * Identification"), as identity keys; private objects 0x80-0xFF and reserved ones get
     * {@code object_N}.
     */
    public static String deviceObjectKey(int objectId) {
        switch (objectId) {
            case 0: return "vendor";
            case 1: return "product_code";
            case 2: return "revision";
            case 3: return "vendor_url";
            case 4: return "product_name";
            case 5: return "model_name";
            case 6: return "user_application_name";
            default: return "object_" + objectId;
        }
    }
}
