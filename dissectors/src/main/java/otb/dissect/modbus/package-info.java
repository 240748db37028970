/**
 * Modbus/TCP: detection ({@link otb.dissect.modbus.ModbusDissector}), MBAP framing and PDU
 * decoding ({@link otb.dissect.modbus.ModbusParser}, one {@link otb.dissect.modbus.ModbusPdu}
 * record per message layout), and the per-flow {@link otb.dissect.modbus.ModbusSession} that pairs
 * requests with responses and emits one {@link otb.dissect.OtMessage} per ADU.
 *
 * <h2>Messages</h2>
 * <ul>
 *   <li>{@code func}: function code without the exception bit; {@code func_name} the standard's name
 *       in snake_case (43/14 is {@code read_device_identification}, 43/13
 *       {@code canopen_general_reference}; 65-72 and 100-110 {@code user_defined_N}; unassigned
 *       codes {@code unknown_N}).</li>
 *   <li>{@code op}: see {@link otb.dissect.modbus.ModbusFunctions} for the classes, including
 *       8/1 restart communications MANAGEMENT, 8/4 force listen-only CONTROL, UMAS start/stop PLC
 *       CONTROL and UMAS program upload/download PROGRAM. A response carries its request's class.</li>
 *   <li>Point spaces: {@code coil}, {@code discrete_input}, {@code holding_register},
 *       {@code input_register}, and {@code file_record} (20/21) addressed file * 10000 + record.
 *       Registers are unsigned 0..65535, bits 0/1. A read response has values at the addresses
 *       its request asked for; a write request has the values it writes; write echoes have ranges
 *       only; an unpaired response has no values.</li>
 *   <li>Identity (43/14 responses): {@code vendor}, {@code product_code}, {@code revision},
 *       {@code vendor_url}, {@code product_name}, {@code model_name},
 *       {@code user_application_name}, {@code object_N} for private objects; bytes outside
 *       printable ASCII written as {@code \xNN}.</li>
 *   <li>Detail ({@link otb.dissect.modbus.ModbusDetail}): always {@code mbap_length} and
 *       {@code protocol_id}; by function {@code quantity}, {@code byte_count}, {@code output_value},
 *       {@code sub_function} / {@code sub_function_name} / {@code data} (8), {@code status},
 *       {@code event_count}, {@code message_count}, {@code events} (11, 12), {@code server_id_hex}
 *       (17), {@code and_mask} / {@code or_mask} (22), {@code read_quantity} /
 *       {@code write_quantity} (23), {@code fifo_count} / {@code fifo_values} (24), {@code mei_type},
 *       {@code read_device_id_code}, {@code object_id}, {@code conformity_level},
 *       {@code more_follows}, {@code next_object_id}, {@code object_count} (43),
 *       {@code umas_pairing_key}, {@code umas_function}, {@code umas_function_name},
 *       {@code umas_status} (90), {@code data_length} (undecoded PDUs), and
 *       {@code timed_out_request_frames} with {@code request_timeout}.</li>
 * </ul>
 *
 * <h2>Anomaly flags</h2>
 * Framing: {@code protocol_id_not_zero}, {@code length_mismatch} (PDU size differs from its
 * layout), {@code byte_count_mismatch}. Fields: {@code quantity_out_of_range} (1-2000 bits read,
 * 1-125 registers read, 1-1968 coils / 1-123 registers written, 23: 1-125 read and 1-121 written,
 * FIFO count at most 31), {@code address_overflow} (start + quantity beyond 65536),
 * {@code address_out_of_range} (file 0 or record above 9999), {@code invalid_coil_value},
 * {@code invalid_reference_type}, {@code invalid_read_device_id_code}, {@code reserved_sub_function},
 * {@code unknown_function}, {@code unknown_mei_type}, {@code exception_bit_in_request},
 * {@code exception_response}. Pairing: {@code unpaired_response}, {@code duplicate_transaction_id},
 * {@code function_mismatch}, {@code pending_requests_full}, {@code request_timeout},
 * {@code late_response} (see {@link otb.dissect.modbus.ModbusSession} for how timeouts are
 * reported without making up events). Malformed reasons: {@code length_out_of_range},
 * {@code protocol_id_not_zero}, {@code unframed_bytes}.
 */
package otb.dissect.modbus;
