/**
 * DNP3 (IEEE 1815) over TCP and UDP: {@link otb.dissect.dnp3.Dnp3Dissector} detects it (port
 * 20000 as a hint, a CRC-checked link header as proof) and makes one
 * {@code Dnp3Session} per flow, which works through the three layers:
 * <ol>
 *   <li>data link ({@code LinkFrame}, {@code Crc16Dnp}): start octets, length, control,
 *       addresses, header CRC and a CRC per 16-octet block. A header that fails its checks is
 *       never trusted for its length: the session scans for the next start octets. A frame
 *       with a bad block CRC is dropped from reassembly. Frames without user data (link
 *       status, reset, acknowledgements) become messages with no function, class LINK;</li>
 *   <li>transport ({@code TransportReassembler}): segments joined into application fragments
 *       per direction and address pair, FIR/FIN/sequence rules of the standard, all unfinished
 *       fragments of a flow within {@code DissectorConfig.maxFragmentBytes};</li>
 *   <li>application ({@code ApplicationParser}): control, function code, IIN, object headers
 *       with every qualifier, values of the process data groups; decoding of a fragment stops at
 *       the first object it cannot frame, with an anomaly.</li>
 * </ol>
 * <p>Messages: {@code unit} is the outstation's link address (the destination of frames with
 * DIR set, else the source); requests are what the master sends (function codes 0-33, the
 * application confirm included), responses what the outstation sends (129-131). Responses pair
 * with the oldest pending request of the same outstation, master and sequence; continuation
 * fragments of a multi-fragment response pair with the same request.
 * <p>Point spaces are per point type, whatever the group, so static, event and command
 * objects of one point share a space: {@code dnp3:binary_input} (groups 1, 2),
 * {@code dnp3:double_bit_input} (3, 4), {@code dnp3:binary_output} (10-13),
 * {@code dnp3:counter} (20, 22), {@code dnp3:frozen_counter} (21, 23),
 * {@code dnp3:analog_input} (30, 32), {@code dnp3:frozen_analog_input} (31, 33),
 * {@code dnp3:analog_input_deadband} (34), {@code dnp3:analog_output} (40-43),
 * {@code dnp3:internal_indication} (80), {@code dnp3:octet_string} (110, 111). Values are
 * numbers: binary states 0/1, double-bit states 0-3, counters and analogs as carried. A control
 * relay output block (group 12) carries the commanded state: 1 for close or pulse/latch on, 0
 * for trip or pulse/latch off (its code, count, times and status are in the record's objects).
 * <p>Anomaly flags on messages: {@code reserved_function_code}, {@code truncated_iin},
 * {@code truncated_object_header}, {@code truncated_object}, {@code range_stop_before_start},
 * {@code reserved_qualifier}, {@code reserved_qualifier_bit}, {@code bad_qualifier},
 * {@code unknown_object}, {@code too_many_object_headers}, {@code too_many_points},
 * {@code response_without_request}, {@code unsolicited_without_uns}, {@code direction_mismatch},
 * {@code reserved_link_function}, {@code missing_user_data}, {@code unexpected_user_data}. Malformed events:
 * {@code bad_header_crc}, {@code bad_length}, {@code no_start_octets}, {@code bad_block_crc},
 * {@code transport_no_first_segment}, {@code transport_out_of_sequence},
 * {@code transport_fragment_abandoned}, {@code fragment_too_large},
 * {@code truncated_application_header}.
 */
package otb.dissect.dnp3;
