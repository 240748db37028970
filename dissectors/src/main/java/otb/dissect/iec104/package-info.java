/**
 * IEC 60870-5-104 (telecontrol over TCP, port 2404; ASDUs of IEC 60870-5-101):
 * {@link otb.dissect.iec104.Iec104Dissector} detects it and makes one {@code Iec104Session} per
 * connection, which frames APDUs ({@code Apci}: start octet, length, I/S/U control octets with
 * the send and receive sequence numbers), decodes the ASDU of each I frame ({@code AsduParser}:
 * type identification, variable structure qualifier, cause of transmission with P/N and T,
 * originator and common address, information objects with their values, qualifiers and time
 * tags) and pairs commands with their confirmation.
 *
 * <p>Messages: {@code unit} is the ASDU's common address (0 on S and U frames); the function is
 * the type identification, named by its mnemonic in lower case ({@code m_me_nc_1},
 * {@code c_sc_na_1}); S frames are {@code supervisory}, U frames {@code startdt_act},
 * {@code startdt_con}, {@code stopdt_act}, {@code stopdt_con}, {@code testfr_act},
 * {@code testfr_con}, all class LINK without a function code. Operation classes: monitor types
 * and interrogations read; single, double and regulating step commands are control;
 * set-points, bitstring commands and parameters of measured values are write; clock
 * synchronisation, test, reset process (effect RESTART), delay acquisition, parameter
 * activation and end of initialisation are management; file transfer is file. Point spaces
 * are per type family, so a point and its time-tagged variants share one: {@code single_point},
 * {@code double_point}, {@code step_position}, {@code bitstring}, {@code measured_value}
 * (normalised, scaled and short float), {@code integrated_total}, {@code protection_event},
 * {@code single_command}, {@code double_command}, {@code regulating_step_command},
 * {@code set_point}, {@code bitstring_command}, {@code parameter}, {@code information_object}
 * (the object a read asks for); addresses are information object addresses.
 *
 * <p>Anomaly flags: {@code unknown_type_id}, {@code no_information_objects},
 * {@code truncated_information_object}, {@code sequence_of_variable_elements},
 * {@code trailing_octets}, {@code cause_not_defined}, {@code send_sequence_gap},
 * {@code confirmation_without_command}, {@code pending_requests_full},
 * {@code apdu_length_mismatch}, {@code unknown_u_function}. Malformed events:
 * {@code no_start_octet}, {@code length_out_of_range}, {@code unframed_bytes},
 * {@code truncated_asdu}.
 */
package otb.dissect.iec104;
