package otb.dissect.modbus;

import otb.capture.Transport;
import otb.dissect.OperationClass;
import otb.dissect.Protocol;

/** The Modbus/TCP descriptor (see {@link Protocol}). */
public final class ModbusProtocol {
    private ModbusProtocol() {
    }

    /**
     * Modbus/TCP, MBAP over TCP and UDP on port 502 (Modbus Messaging on TCP/IP Implementation
     * Guide V1.0b, 3.1.3). Its functions are those {@link ModbusFunctions} names; none stops or
     * reprograms a device by its code alone (UMAS program transfers are classed PROGRAM).
     */
    public static final Protocol DESCRIPTOR = describe();

    private static Protocol describe() {
        Protocol.Builder protocol = Protocol.builder("modbus", "Modbus/TCP", "#2563eb")
                .hintPort(Transport.TCP, ModbusDissector.MODBUS_PORT)
                .hintPort(Transport.UDP, ModbusDissector.MODBUS_PORT)
                .roles("modbus_client", "modbus_server");
        for (int code = 1; code < 128; code++) {
            protocol.function(code, ModbusFunctions.name(code), ModbusFunctions.operation(code, -1));
        }
        protocol.function(ModbusFunctions.ENCAPSULATED_INTERFACE_TRANSPORT, "read_device_identification",
                OperationClass.DIAGNOSTIC);
        protocol.function(ModbusFunctions.ENCAPSULATED_INTERFACE_TRANSPORT, "canopen_general_reference",
                OperationClass.OTHER);
        return protocol.build();
    }
}
