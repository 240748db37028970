/**
 * EtherNet/IP and CIP (THE CIP Networks Library, Volume 1: CIP, Volume 2: EtherNet/IP
 * adaptation): {@link otb.dissect.enip.EnipDissector} detects the encapsulation on TCP/UDP 44818
 * and class 0/1 I/O on UDP 2222 (ports as hints, the header or item layout as proof) and makes
 * one {@code EnipSession} per flow:
 * <ol>
 *   <li>encapsulation ({@code EncapsulationHeader}, {@code EncapsulationCommand}): the 24-byte
 *       header, checked (known command, length at most 65511, options 0) before its length is
 *       trusted; a header that fails is skipped to the next one that checks;</li>
 *   <li>common packet format ({@code CommonPacketFormat}): address and data items, every item
 *       length checked against the bytes left;</li>
 *   <li>CIP ({@code CipPdu}, {@code CipPath}, {@code CipServices}): service and reply bit, padded
 *       EPATH (8/16/32-bit logical segments, ANSI extended symbols as Logix tag names), general
 *       and extended status; Multiple Service Packets and Unconnected Sends are opened and each
 *       request inside is its own message; Forward Open / Large Forward Open / Forward Close
 *       ({@code ConnectionParameters}) fill the pipeline's {@code ConnectionTable}.</li>
 * </ol>
 * <p>Messages: protocol {@code enip} for encapsulation commands that carry no CIP (function =
 * the command), {@code cip} for explicit messages (function = the service code without the reply
 * bit, named by service and class) and implicit I/O ({@code implicit_output} O→T,
 * {@code implicit_input} T→O, no function). A reply carries its request's path, name and class.
 * Requests pair with replies by encapsulation command, session handle and sender context
 * (unconnected), or by connection and CIP sequence count (connected); the services of a
 * Multiple Service Packet reply pair with the request's by position. Identity (vendor id, device
 * type, product code, revision, serial number, product name) comes from ListIdentity replies and
 * from the Identity object's Get_Attributes_All replies.
 * <p>Points: {@code cip:0xCLASS/INSTANCE} with the attribute as address (0 for a whole
 * instance), {@code cip:tag:NAME} for Logix tags; Write Tag requests and Read Tag replies of
 * atomic types carry values.
 * <p>Anomaly flags: {@code truncated_item_count}, {@code too_many_items}, {@code truncated_item},
 * {@code item_length_exceeds_data}, {@code bytes_after_items}, {@code no_data_item},
 * {@code bad_connected_items}, {@code truncated_send_data}, {@code empty_cip_message},
 * {@code truncated_cip_header}, {@code path_size_exceeds_message},
 * {@code extended_status_exceeds_message}, {@code truncated_path}, {@code reserved_logical_format},
 * {@code unsupported_path_segment}, {@code too_many_path_segments},
 * {@code truncated_connection_request}, {@code truncated_tag_data}, {@code response_without_request},
 * {@code reply_service_mismatch}, {@code unknown_connection}. Malformed events:
 * {@code unknown_command}, {@code length_out_of_range}, {@code nonzero_options},
 * {@code not_implicit_io}. A Multiple Service Packet whose services cannot all be read is one
 * message, its own.
 */
package otb.dissect.enip;
