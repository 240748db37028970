package otb.dissect.mms;

import otb.dissect.FunctionEffect;
import otb.dissect.OperationClass;

/**
 * The confirmed services of ISO 9506-2 (MMS protocol), clause 7.3.2 (ConfirmedServiceRequest):
 * the context tag of each alternative is the service's number, which otb reports as {@code func}.
 * Names are the standard's, in snake case.
 */
final class MmsServices {
    private MmsServices() {
    }

    /** ISO 9506-2 7.3.2: ConfirmedServiceRequest alternatives [0] to [77], by tag. */
    private static final String[] NAMES = {
        "status", "get_name_list", "identify", "rename", "read", "write",                        // 0-5
        "get_variable_access_attributes", "define_named_variable", "define_scattered_access",     // 6-8
        "get_scattered_access_attributes", "delete_variable_access", "define_named_variable_list", // 9-11
        "get_named_variable_list_attributes", "delete_named_variable_list", "define_named_type", // 12-14
        "get_named_type_attributes", "delete_named_type", "input", "output",                     // 15-18
        "take_control", "relinquish_control", "define_semaphore", "delete_semaphore",            // 19-22
        "report_semaphore_status", "report_pool_semaphore_status", "report_semaphore_entry_status", // 23-25
        "initiate_download_sequence", "download_segment", "terminate_download_sequence",         // 26-28
        "initiate_upload_sequence", "upload_segment", "terminate_upload_sequence",               // 29-31
        "request_domain_download", "request_domain_upload", "load_domain_content",               // 32-34
        "store_domain_content", "delete_domain", "get_domain_attributes",                        // 35-37
        "create_program_invocation", "delete_program_invocation", "start", "stop", "resume",     // 38-42
        "reset", "kill", "get_program_invocation_attributes", "obtain_file",                     // 43-46
        "define_event_condition", "delete_event_condition", "get_event_condition_attributes",    // 47-49
        "report_event_condition_status", "alter_event_condition_monitoring", "trigger_event",    // 50-52
        "define_event_action", "delete_event_action", "get_event_action_attributes",             // 53-55
        "report_event_action_status", "define_event_enrollment", "delete_event_enrollment",      // 56-58
        "alter_event_enrollment", "report_event_enrollment_status",                              // 59-60
        "get_event_enrollment_attributes", "acknowledge_event_notification", "get_alarm_summary", // 61-63
        "get_alarm_enrollment_summary", "read_journal", "write_journal", "initialize_journal",   // 64-67
        "report_journal_status", "create_journal", "delete_journal", "get_capability_list",      // 68-71
        "file_open", "file_read", "file_close", "file_rename", "file_delete", "file_directory",  // 72-77
    };

    /** The largest confirmed service tag named. */
    static final int MAX_TAG = NAMES.length - 1;

    static final int READ = 4;
    static final int WRITE = 5;
    static final int GET_VARIABLE_ACCESS_ATTRIBUTES = 6;

    /** The service's name, or {@code service_N} for a tag the standard does not assign. */
    static String name(int tag) {
        return tag >= 0 && tag <= MAX_TAG ? NAMES[tag] : "service_" + tag;
    }

    /**
     * What the service does to the server, in otb's classes: reads and attribute queries read;
     * writes and definitions of variables, lists, types, events and journals write; domain
     * download, upload, deletion and program invocations are the program; start, stop, resume,
     * reset and kill, control and semaphores operate the device; files are files.
     */
    static OperationClass operation(int tag) {
        return switch (tag) {
            case 0, 2 -> OperationClass.DIAGNOSTIC;                      // status, identify
            case 1, 4, 6, 9, 12, 15, 17, 23, 24, 25, 37, 45, 49, 50, 55, 56, 60, 61, 63, 64, 65, 68, 71 ->
                    OperationClass.READ;
            case 3, 5, 7, 8, 10, 11, 13, 14, 16, 18, 47, 48, 51, 52, 53, 54, 57, 58, 59, 62, 66, 67, 69, 70 ->
                    OperationClass.WRITE;
            case 19, 20, 21, 22, 40, 41, 42, 43, 44 -> OperationClass.CONTROL;
            case 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 38, 39 -> OperationClass.PROGRAM;
            case 46, 72, 73, 74, 75, 76, 77 -> OperationClass.FILE;
            default -> OperationClass.OTHER;
        };
    }

    /**
     * ISO 9506-1 clauses 11 (domain management) and 12 (program invocation management): what
     * changes what the server runs, or whether it runs.
     */
    static FunctionEffect effect(int tag) {
        return switch (tag) {
            case 26, 27, 28, 32, 34 -> FunctionEffect.PROGRAM_DOWNLOAD;  // download sequence, request download, load
            case 29, 30, 31, 33, 35 -> FunctionEffect.PROGRAM_UPLOAD;    // upload sequence, request upload, store
            case 36, 38, 39 -> FunctionEffect.PROGRAM_CHANGE;            // delete domain, create/delete program invocation
            case 40, 42 -> FunctionEffect.START;                         // start, resume
            case 41, 44 -> FunctionEffect.STOP;                          // stop, kill
            case 43 -> FunctionEffect.RESTART;                           // reset
            default -> FunctionEffect.NONE;
        };
    }
}
