/**
 * Siemens S7 on ISO-on-TCP (port 102): TPKT (RFC 1006), COTP class 0 (ISO 8073), S7comm
 * (protocol id 0x32) and recognition of S7comm-plus (0x72).
 *
 * <p>Records ({@code otb dissect --format jsonl}) add, for S7comm PDUs: {@code rosctr}
 * ({@code job}, {@code ack}, {@code ack_data}, {@code userdata}), {@code pdu_ref}, header
 * {@code error_class}/{@code error_code} when not 0, for userdata {@code ud_type}, {@code group},
 * {@code subfunc} (absent for mode transitions, which give {@code current_mode}), {@code seq},
 * {@code szl_id}/{@code szl_index}; {@code items}, {@code return_codes}, and per function
 * {@code pdu_size}, {@code filename}, {@code block_type}, {@code block_number}, {@code pi_service},
 * {@code blocks}; {@code rack}, {@code slot}, {@code connection_type} once the connection request
 * was seen. COTP frames give {@code cotp} (CR, CC, DR, DC, ER) and the TSAPs. S7comm-plus records
 * ({@code proto} {@code s7comm-plus}) give {@code version}, {@code opcode}, {@code seq},
 * {@code session_id}, {@code integrity}, {@code opaque_bytes}.
 *
 * <p>{@code func} is the parameter function code for job and ack-data PDUs (0x04 read var, ...);
 * userdata functions are numbered {@code 0x1000 + group * 0x100 + subfunction} (SZL read = 0x1401),
 * mode transitions 0x1000. {@code unit} is 0; rack and slot are in the detail.
 *
 * <p>Point spaces: {@code s7:DB12}, {@code s7:DI3}, {@code s7:I}, {@code s7:Q}, {@code s7:M},
 * {@code s7:P}, {@code s7:L}, ... addressed in bytes; an item with transport size BIT uses the same
 * name with {@code :bit} ({@code s7:M:bit}), addressed as byte * 8 + bit; counters and timers
 * ({@code s7:C}, {@code s7:T}) are addressed by number. Values are decoded for BIT, BYTE, CHAR,
 * WORD, INT, DWORD, DINT and REAL items of write var requests and of read var responses (with the
 * items of their paired request), and for DB read answers.
 */
package otb.dissect.s7comm;
