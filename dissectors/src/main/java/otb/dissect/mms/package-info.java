/**
 * MMS (ISO 9506, the protocol of IEC 61850 servers) on ISO-on-TCP, port 102: TPKT (RFC 1006),
 * COTP class 0 (ISO 8073), ISO session (ISO 8327-1), presentation (ISO 8823-1), ACSE (ISO 8650-1)
 * and the MMS PDU (ISO 9506-2), read from BER (X.690) with every length checked against its
 * enclosing element. MMS PDUs sent straight in COTP data, without session and presentation, are
 * read as well.
 *
 * <p>Records ({@code otb dissect --format jsonl}, {@code proto} {@code mms}): {@code func} is the
 * confirmed service's tag (ISO 9506-2 7.3.2: 4 read, 5 write, 41 stop, ...) on confirmed requests,
 * responses and errors (an error takes its request's); {@code func_name} is the service's name, or
 * for PDUs without a confirmed service {@code initiate}, {@code conclude}, {@code cancel},
 * {@code reject}, the unconfirmed service ({@code information_report}, ...), the ACSE APDU
 * ({@code release_request}, ...), {@code session_*} for session SPDUs carrying none, and
 * {@code cotp_*} for COTP connection TPDUs. Fields: {@code pdu} (confirmed_request, ...),
 * {@code invoke_id}, {@code spdu} ({@code none} for MMS straight in COTP), {@code acse},
 * {@code context} (presentation context id), {@code error_class}/{@code error_code},
 * {@code reject_reason}/{@code reject_code}, {@code variables} ({@code domain}, {@code item}) of a
 * read, write or variable attribute query, {@code variable_list}, {@code domain},
 * {@code program_invocation}.
 *
 * <p>No points: MMS names its variables ({@code LD0/LLN0$ST$Mod}), and otb's points are numbered
 * addresses in a space; the names are in the record instead.
 */
package otb.dissect.mms;
