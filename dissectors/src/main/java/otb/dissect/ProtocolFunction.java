package otb.dissect;

/**
 * One function of a protocol, as its dissector names and classes it.
 *
 * @param code      the function code as {@link OtMessage#function()} carries it, or -1 for a
 *                  function that has no code of its own (a link-level frame, a name that covers
 *                  several codes)
 * @param name      the function's name as messages carry it ({@link OtMessage#functionName()})
 * @param operation the class of its requests; a session may refine it by a sub-function (each
 *                  message carries its own)
 * @param effect    what it does to the device beyond its class: program transfer, stop, start,
 *                  restart, reset or firmware; {@link FunctionEffect#NONE} otherwise
 */
public record ProtocolFunction(int code, String name, OperationClass operation, FunctionEffect effect) {
}
