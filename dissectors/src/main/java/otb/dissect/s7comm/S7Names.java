package otb.dissect.s7comm;

import otb.dissect.OperationClass;

/**
 * Names and operation classes of S7comm codes. The code values are those of the S7
 * communication (0x32) as documented by Siemens' S7 system software manuals and by Wireshark's
 * S7comm dissector; names are snake_case.
 */
final class S7Names {
    private S7Names() {
    }

    // ROSCTR, header byte 1
    static final int ROSCTR_JOB = 0x01;
    static final int ROSCTR_ACK = 0x02;
    static final int ROSCTR_ACK_DATA = 0x03;
    static final int ROSCTR_USERDATA = 0x07;

    // Parameter function codes (job and ack-data)
    static final int FUNCTION_CPU_SERVICES = 0x00;
    static final int FUNCTION_READ_VAR = 0x04;
    static final int FUNCTION_WRITE_VAR = 0x05;
    static final int FUNCTION_REQUEST_DOWNLOAD = 0x1A;
    static final int FUNCTION_DOWNLOAD_BLOCK = 0x1B;
    static final int FUNCTION_DOWNLOAD_ENDED = 0x1C;
    static final int FUNCTION_START_UPLOAD = 0x1D;
    static final int FUNCTION_UPLOAD = 0x1E;
    static final int FUNCTION_END_UPLOAD = 0x1F;
    static final int FUNCTION_PI_SERVICE = 0x28;
    static final int FUNCTION_PLC_STOP = 0x29;
    static final int FUNCTION_SETUP_COMMUNICATION = 0xF0;

    // Userdata function groups (low nibble of the type/group byte)
    static final int GROUP_MODE_TRANSITION = 0x0;
    static final int GROUP_PROGRAMMER_COMMANDS = 0x1;
    static final int GROUP_CYCLIC_DATA = 0x2;
    static final int GROUP_BLOCK_FUNCTIONS = 0x3;
    static final int GROUP_CPU_FUNCTIONS = 0x4;
    static final int GROUP_SECURITY = 0x5;
    static final int GROUP_PBC = 0x6;
    static final int GROUP_TIME_FUNCTIONS = 0x7;
    static final int GROUP_NC_PROGRAMMING = 0xF;

    static final int CPU_READ_SZL = 0x01;

    // Userdata types (high nibble of the type/group byte)
    static final int USERDATA_PUSH = 0x0;
    static final int USERDATA_REQUEST = 0x4;
    static final int USERDATA_RESPONSE = 0x8;

    /**
     * Userdata functions get one code each in {@link otb.dissect.OtMessage#function()}, above
     * the job range: {@code USERDATA_FUNCTION_BASE + group * 0x100 + subfunction}.
     */
    static final int USERDATA_FUNCTION_BASE = 0x1000;

    // Item return codes (data part)
    static final int RETURN_SUCCESS = 0xFF;

    // Areas of the S7ANY address
    static final int AREA_PERIPHERAL = 0x80;
    static final int AREA_INPUTS = 0x81;
    static final int AREA_OUTPUTS = 0x82;
    static final int AREA_FLAGS = 0x83;
    static final int AREA_DATA_BLOCK = 0x84;
    static final int AREA_INSTANCE_DATA_BLOCK = 0x85;
    static final int AREA_COUNTER = 0x1C;
    static final int AREA_TIMER = 0x1D;
    static final int AREA_IEC_COUNTER = 0x1E;
    static final int AREA_IEC_TIMER = 0x1F;

    // Transport sizes of an S7ANY item (parameter part)
    static final int TRANSPORT_BIT = 0x01;

    static String rosctr(int rosctr) {
        return switch (rosctr) {
            case ROSCTR_JOB -> "job";
            case ROSCTR_ACK -> "ack";
            case ROSCTR_ACK_DATA -> "ack_data";
            case ROSCTR_USERDATA -> "userdata";
            default -> "rosctr_" + rosctr;
        };
    }

    static String function(int function) {
        return switch (function) {
            case FUNCTION_CPU_SERVICES -> "cpu_services";
            case 0x01 -> "mode_transition";
            case FUNCTION_READ_VAR -> "read_var";
            case FUNCTION_WRITE_VAR -> "write_var";
            case FUNCTION_REQUEST_DOWNLOAD -> "request_download";
            case FUNCTION_DOWNLOAD_BLOCK -> "download_block";
            case FUNCTION_DOWNLOAD_ENDED -> "download_ended";
            case FUNCTION_START_UPLOAD -> "start_upload";
            case FUNCTION_UPLOAD -> "upload";
            case FUNCTION_END_UPLOAD -> "end_upload";
            case FUNCTION_PI_SERVICE -> "pi_service";
            case FUNCTION_PLC_STOP -> "plc_stop";
            case FUNCTION_SETUP_COMMUNICATION -> "setup_communication";
            default -> hex("function_0x", function, 2);
        };
    }

    /** Operation class of a job function; PI services are classed by their service name. */
    static OperationClass operation(int function, String piService) {
        return switch (function) {
            case FUNCTION_READ_VAR, FUNCTION_START_UPLOAD, FUNCTION_UPLOAD, FUNCTION_END_UPLOAD -> OperationClass.READ;
            case FUNCTION_WRITE_VAR -> OperationClass.WRITE;
            case FUNCTION_REQUEST_DOWNLOAD, FUNCTION_DOWNLOAD_BLOCK, FUNCTION_DOWNLOAD_ENDED -> OperationClass.PROGRAM;
            case FUNCTION_PI_SERVICE -> piServiceOperation(piService);
            case FUNCTION_PLC_STOP -> OperationClass.CONTROL;
            case FUNCTION_SETUP_COMMUNICATION -> OperationClass.MANAGEMENT;
            default -> OperationClass.OTHER;
        };
    }

    /** Block insert/delete, compress and copy RAM to ROM change the program; other services control the CPU. */
    static OperationClass piServiceOperation(String service) {
        return switch (service) {
            case "_INSE", "_DELE", "_GARB", "_MODU" -> OperationClass.PROGRAM;
            default -> OperationClass.CONTROL;
        };
    }

    static String piServiceDescription(String service) {
        return switch (service) {
            case "P_PROGRAM" -> "start or stop the program";
            case "_INSE" -> "activate (insert) blocks";
            case "_DELE" -> "delete blocks";
            case "_GARB" -> "compress memory";
            case "_MODU" -> "copy RAM to ROM";
            case "_EXE" -> "execute";
            default -> "";
        };
    }

    static String group(int group) {
        return switch (group) {
            case GROUP_MODE_TRANSITION -> "mode_transition";
            case GROUP_PROGRAMMER_COMMANDS -> "programmer_commands";
            case GROUP_CYCLIC_DATA -> "cyclic_data";
            case GROUP_BLOCK_FUNCTIONS -> "block_functions";
            case GROUP_CPU_FUNCTIONS -> "cpu_functions";
            case GROUP_SECURITY -> "security";
            case GROUP_PBC -> "pbc_bsend_brecv";
            case GROUP_TIME_FUNCTIONS -> "time_functions";
            case GROUP_NC_PROGRAMMING -> "nc_programming";
            default -> "group_" + group;
        };
    }

    static String userdataType(int type) {
        return switch (type) {
            case USERDATA_PUSH -> "push";
            case USERDATA_REQUEST -> "request";
            case USERDATA_RESPONSE -> "response";
            default -> "type_" + type;
        };
    }

    /** Name of a userdata function; for mode transitions the subfunction byte is the current mode. */
    static String userdataFunction(int group, int subfunction) {
        String name = switch (group) {
            case GROUP_MODE_TRANSITION -> "mode_transition";
            case GROUP_PROGRAMMER_COMMANDS -> switch (subfunction) {
                case 0x01 -> "block_status";
                case 0x02 -> "variable_status";
                case 0x03 -> "output_istack";
                case 0x04 -> "output_bstack";
                case 0x05 -> "output_lstack";
                case 0x06 -> "time_measurement";
                case 0x07 -> "force_selection";
                case 0x08 -> "modify_variable";
                case 0x09 -> "force";
                case 0x0A -> "breakpoint";
                case 0x0B -> "exit_hold";
                case 0x0C -> "memory_reset";
                case 0x0D -> "disable_job";
                case 0x0E -> "enable_job";
                case 0x0F -> "delete_job";
                case 0x10 -> "read_job_list";
                case 0x11 -> "read_job";
                case 0x12 -> "replace_job";
                case 0x13 -> "block_status_v2";
                case 0x16 -> "flash_led";
                default -> null;
            };
            case GROUP_CYCLIC_DATA -> switch (subfunction) {
                case 0x01 -> "cyclic_transfer";
                case 0x04 -> "unsubscribe";
                case 0x05 -> "change_driven_transfer";
                case 0x07 -> "change_driven_transfer_modify";
                case 0x08 -> "read_record";
                default -> null;
            };
            case GROUP_BLOCK_FUNCTIONS -> switch (subfunction) {
                case 0x01 -> "list_blocks";
                case 0x02 -> "list_blocks_of_type";
                case 0x03 -> "get_block_info";
                default -> null;
            };
            case GROUP_CPU_FUNCTIONS -> switch (subfunction) {
                case CPU_READ_SZL -> "read_szl";
                case 0x02 -> "message_service";
                case 0x03 -> "diagnostic_message";
                case 0x05 -> "alarm8_indication";
                case 0x06 -> "notify_indication";
                case 0x07 -> "alarm8_lock";
                case 0x08 -> "alarm8_unlock";
                case 0x09 -> "scan_indication";
                case 0x0B -> "alarm_ack";
                case 0x0C -> "alarm_ack_indication";
                case 0x0D -> "alarm_lock_indication";
                case 0x0E -> "alarm_unlock_indication";
                case 0x10 -> "ar_send_indication";
                case 0x11 -> "alarm_sq_indication";
                case 0x12 -> "alarm_s_indication";
                case 0x13 -> "alarm_query";
                case 0x16 -> "notify8_indication";
                default -> null;
            };
            case GROUP_SECURITY -> subfunction == 0x01 ? "plc_password" : null;
            case GROUP_TIME_FUNCTIONS -> switch (subfunction) {
                case 0x01 -> "read_clock";
                case 0x02, 0x04 -> "set_clock";
                case 0x03 -> "read_clock_following";
                default -> null;
            };
            default -> null;
        };
        return name != null ? name
                : hex(group(group) + "_subfunction_0x", subfunction, 2);
    }

    /** Operation class of a userdata function (issue 5: SZL and messages are diagnostics, ...). */
    static OperationClass userdataOperation(int group, int subfunction) {
        return switch (group) {
            case GROUP_MODE_TRANSITION -> OperationClass.CONTROL;
            case GROUP_PROGRAMMER_COMMANDS -> switch (subfunction) {
                case 0x07, 0x09, 0x0A, 0x0B, 0x0C, 0x16 -> OperationClass.CONTROL; // forcing, breakpoints, reset
                case 0x08 -> OperationClass.WRITE; // modify variable
                default -> OperationClass.DIAGNOSTIC; // block/variable status, stacks, job lists
            };
            case GROUP_CYCLIC_DATA, GROUP_BLOCK_FUNCTIONS -> OperationClass.READ;
            case GROUP_CPU_FUNCTIONS -> OperationClass.DIAGNOSTIC;
            case GROUP_SECURITY -> OperationClass.MANAGEMENT;
            case GROUP_TIME_FUNCTIONS -> subfunction == 0x02 || subfunction == 0x04
                    ? OperationClass.MANAGEMENT : OperationClass.DIAGNOSTIC;
            default -> OperationClass.OTHER;
        };
    }

    /** Header error class (ack and ack-data), named. */
    static String errorClass(int errorClass) {
        return switch (errorClass) {
            case 0x00 -> "no_error";
            case 0x81 -> "application_relationship";
            case 0x82 -> "object_definition";
            case 0x83 -> "no_resources_available";
            case 0x84 -> "error_on_service_processing";
            case 0x85 -> "error_on_supplies";
            case 0x87 -> "access_error";
            default -> hex("error_class_0x", errorClass, 2);
        };
    }

    /** Error code (class and code as one 16-bit value), named where the manuals name it. */
    static String errorCode(int code) {
        return switch (code) {
            case 0x0000 -> "no_error";
            case 0x0110 -> "invalid_block_number";
            case 0x0111 -> "invalid_request_length";
            case 0x0112 -> "invalid_parameter";
            case 0x0113 -> "invalid_block_type";
            case 0x0114 -> "block_not_found";
            case 0x0115 -> "block_already_exists";
            case 0x0116 -> "block_write_protected";
            case 0x0117 -> "block_too_large";
            case 0x0119 -> "incorrect_password";
            case 0x011A -> "pg_resource_error";
            case 0x011B -> "plc_resource_error";
            case 0x011C -> "protocol_error";
            case 0x011D -> "too_many_blocks";
            case 0x011F -> "result_buffer_too_small";
            case 0x0120 -> "end_of_block_list";
            case 0x0140 -> "insufficient_memory";
            case 0x0141 -> "lack_of_resources";
            case 0x8001 -> "service_not_possible_in_block_status";
            case 0x8003 -> "error_transferring_block";
            case 0x8100 -> "service_unknown";
            case 0x8104 -> "service_not_implemented";
            case 0x8204 -> "object_type_inconsistent";
            case 0x8205 -> "copied_block_exists";
            case 0x8301 -> "insufficient_memory";
            case 0x8302 -> "too_few_resources";
            case 0x8304 -> "no_further_parallel_upload";
            case 0x8305 -> "function_not_available";
            case 0x8306 -> "insufficient_work_memory";
            case 0x8307 -> "insufficient_retentive_memory";
            case 0x8401 -> "invalid_service_sequence";
            case 0x8402 -> "object_status_prevents_service";
            case 0x8404 -> "function_cannot_be_performed";
            case 0x8405 -> "remote_block_disabled";
            case 0x8500 -> "wrong_frames";
            case 0x8503 -> "service_canceled";
            case 0x8701 -> "object_addressing_error";
            case 0x8702 -> "service_not_supported";
            case 0x8703 -> "access_denied";
            case 0x8704 -> "object_damaged";
            case 0xD001 -> "illegal_job_number";
            case 0xD041 -> "illegal_szl_id";
            case 0xD081 -> "not_permitted_in_current_mode";
            case 0xD0A1 -> "not_permitted_in_protection_level";
            case 0xD0AD -> "mode_already_set";
            case 0xD201 -> "block_name_syntax_error";
            case 0xD202 -> "function_parameter_syntax_error";
            case 0xD209 -> "block_not_found";
            case 0xD20C -> "ob_priority_class_missing";
            case 0xD20E -> "no_further_block";
            case 0xD210 -> "invalid_block_number";
            case 0xD401 -> "information_function_unavailable";
            case 0xD602 -> "incorrect_password";
            case 0xD604 -> "connection_already_enabled";
            case 0xD802 -> "job_does_not_exist";
            case 0xDC01 -> "invalid_date_time";
            default -> hex("error_0x", code, 4);
        };
    }

    /** Return code of a data item. */
    static String returnCode(int code) {
        return switch (code) {
            case 0x00 -> "reserved";
            case 0x01 -> "hardware_fault";
            case 0x03 -> "access_denied";
            case 0x05 -> "address_out_of_range";
            case 0x06 -> "data_type_not_supported";
            case 0x07 -> "data_type_inconsistent";
            case 0x0A -> "object_does_not_exist";
            case RETURN_SUCCESS -> "success";
            default -> hex("return_0x", code, 2);
        };
    }

    static String syntaxId(int syntaxId) {
        return switch (syntaxId) {
            case 0x10 -> "s7any";
            case 0x11 -> "parameter_short";
            case 0x12 -> "parameter_extended";
            case 0x13 -> "pbc_r_id";
            case 0x15 -> "alarm_lockfree";
            case 0x16 -> "alarm_ind";
            case 0x19 -> "alarm_ack";
            case 0x1A -> "alarm_queryreq";
            case 0x1C -> "notify_ind";
            case 0x82 -> "nck";
            case 0x83 -> "nck_metric";
            case 0x84 -> "nck_inch";
            case 0xA2 -> "drive_es_any";
            case 0xB0 -> "db_read";
            case 0xB2 -> "symbolic_1200";
            default -> hex("syntax_0x", syntaxId, 2);
        };
    }

    static String transportSize(int size) {
        return switch (size) {
            case 0x01 -> "BIT";
            case 0x02 -> "BYTE";
            case 0x03 -> "CHAR";
            case 0x04 -> "WORD";
            case 0x05 -> "INT";
            case 0x06 -> "DWORD";
            case 0x07 -> "DINT";
            case 0x08 -> "REAL";
            case 0x09 -> "DATE";
            case 0x0A -> "TOD";
            case 0x0B -> "TIME";
            case 0x0C -> "S5TIME";
            case 0x0F -> "DATE_AND_TIME";
            case 0x1C -> "COUNTER";
            case 0x1D -> "TIMER";
            case 0x1E -> "IEC_TIMER";
            case 0x1F -> "IEC_COUNTER";
            case 0x20 -> "HS_COUNTER";
            default -> hex("size_0x", size, 2);
        };
    }

    /** Bytes per element of an S7ANY transport size; 0 for bits and sizes without a fixed width. */
    static int elementBytes(int transportSize) {
        return switch (transportSize) {
            case 0x02, 0x03 -> 1;                   // BYTE, CHAR
            case 0x04, 0x05, 0x09, 0x0C, 0x1C, 0x1D -> 2; // WORD, INT, DATE, S5TIME, COUNTER, TIMER
            case 0x06, 0x07, 0x08, 0x0A, 0x0B -> 4;  // DWORD, DINT, REAL, TOD, TIME
            case 0x0F -> 8;                          // DATE_AND_TIME
            default -> 0;
        };
    }

    /** Short area name as S7 programmers write it (I, Q, M, DB, ...). */
    static String area(int area) {
        return switch (area) {
            case 0x01 -> "RECORD";
            case 0x03 -> "SI200";
            case 0x05 -> "SF200";
            case 0x06 -> "AI200";
            case 0x07 -> "AO200";
            case AREA_PERIPHERAL -> "P";
            case AREA_INPUTS -> "I";
            case AREA_OUTPUTS -> "Q";
            case AREA_FLAGS -> "M";
            case AREA_DATA_BLOCK -> "DB";
            case AREA_INSTANCE_DATA_BLOCK -> "DI";
            case 0x86 -> "L";
            case 0x87 -> "V";
            case AREA_COUNTER -> "C";
            case AREA_TIMER -> "T";
            case AREA_IEC_COUNTER -> "C200";
            case AREA_IEC_TIMER -> "T200";
            default -> hex("AREA_0x", area, 2);
        };
    }

    /**
     * The point space of an item: {@code s7:DB12}, {@code s7:DI3}, {@code s7:I}, {@code s7:Q},
     * {@code s7:M}, {@code s7:C}, {@code s7:T}, ... addressed in bytes (counters and timers by
     * number); bit accesses go to the same name with {@code :bit}, addressed as byte * 8 + bit.
     */
    static String space(int area, int dbNumber, boolean bitAccess) {
        String base = area == AREA_DATA_BLOCK || area == AREA_INSTANCE_DATA_BLOCK
                ? "s7:" + area(area) + dbNumber : "s7:" + area(area);
        return bitAccess ? base + ":bit" : base;
    }

    static boolean isCounterOrTimer(int area) {
        return area == AREA_COUNTER || area == AREA_TIMER || area == AREA_IEC_COUNTER || area == AREA_IEC_TIMER;
    }

    /** Block type as transferred in file names ("0A" = DB). */
    static String blockType(String code) {
        return switch (code) {
            case "08" -> "OB";
            case "09" -> "CMOD";
            case "0A" -> "DB";
            case "0B" -> "SDB";
            case "0C" -> "FC";
            case "0D" -> "SFC";
            case "0E" -> "FB";
            case "0F" -> "SFB";
            default -> "block_" + code;
        };
    }

    /** CPU mode of a mode-transition userdata (subfunction byte) and of SZL 0x0424 (bzu-id nibbles). */
    static String cpuMode(int mode) {
        return switch (mode) {
            case 0x00 -> "STOP";
            case 0x01 -> "STOP (update)";
            case 0x02 -> "STOP (memory reset)";
            case 0x03 -> "STOP (self initialization)";
            case 0x04 -> "STOP (internal)";
            case 0x05 -> "STARTUP (complete restart)";
            case 0x06 -> "STARTUP (cold restart)";
            case 0x07 -> "STARTUP (restart)";
            case 0x08 -> "RUN";
            case 0x0A -> "HOLD";
            case 0x0D -> "DEFECT";
            default -> hex("mode_0x", mode, 2);
        };
    }

    /** Current mode as reported by a mode-transition push (Wireshark's "current mode" names). */
    static String modeTransition(int mode) {
        return switch (mode) {
            case 0 -> "STOP";
            case 1 -> "WARM_RESTART";
            case 2 -> "RUN";
            case 3 -> "HOT_RESTART";
            case 4 -> "HOLD";
            case 6 -> "COLD_RESTART";
            case 9 -> "RUN_R";
            case 11 -> "LINK_UP";
            case 12 -> "UPDATE";
            default -> "mode_" + mode;
        };
    }

    /** Connection type of a TSAP's first byte (ISO on TCP with S7: 1 = PG, 2 = OP, 3 = S7 basic). */
    static String connectionType(int type) {
        return switch (type) {
            case 0x01 -> "PG";
            case 0x02 -> "OP";
            case 0x03 -> "S7_BASIC";
            case 0x10 -> "S7_BASIC_PEER";
            default -> hex("type_0x", type, 2);
        };
    }

    /** {@code prefix} and {@code value} in lower-case hex, zero-padded to {@code digits}. */
    static String hex(String prefix, int value, int digits) {
        String hex = Integer.toHexString(value);
        return prefix + "0".repeat(Math.max(0, digits - hex.length())) + hex;
    }
}
