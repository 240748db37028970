package otb.dissect.mms;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import otb.dissect.mms.Ber.Element;
import otb.dissect.mms.MmsPdu.ObjectName;

/**
 * Reads an MMS PDU (ISO 9506-2, clause 7) from its BER element: the PDU type, invokeID, the
 * confirmed service and the names a service touches. Stateless. The walk follows fixed paths of
 * the ASN.1 (at most seven levels deep), never a recursion the wire could deepen; every length
 * was checked by {@link Ber#read} against its enclosing element.
 */
final class MmsParser {
    private MmsParser() {
    }

    private static final int INTEGER = 2;
    private static final int VISIBLE_STRING = 26;
    private static final int SEQUENCE = 16;
    // 7.5.2 ObjectName alternatives
    private static final int VMD_SPECIFIC = 0;
    private static final int DOMAIN_SPECIFIC = 1;
    private static final int AA_SPECIFIC = 2;
    // 14.x VariableAccessSpecification alternatives
    private static final int LIST_OF_VARIABLE = 0;
    private static final int VARIABLE_LIST_NAME = 1;

    /** The PDU of {@code element}, or null when its tag is no MMSpdu alternative (7.1: [0] to [13]). */
    static MmsPdu parse(ByteBuffer in, Element element) {
        if (element.tagClass() != Ber.CLASS_CONTEXT || element.tag() > MmsPdu.CONCLUDE_ERROR) {
            return null;
        }
        Fields f = new Fields(element.tag());
        switch (element.tag()) {
            case MmsPdu.CONFIRMED_REQUEST, MmsPdu.CONFIRMED_RESPONSE -> confirmed(in, element, f);
            case MmsPdu.CONFIRMED_ERROR -> confirmedError(in, element, f);
            case MmsPdu.UNCONFIRMED -> {
                Element service = element.constructed() ? Ber.firstChild(in, element) : null;
                if (service != null && service.tagClass() == Ber.CLASS_CONTEXT) {
                    f.unconfirmed = service.tag();
                } else {
                    f.anomalies.add("missing_service");
                }
            }
            case MmsPdu.REJECT -> reject(in, element, f);
            case MmsPdu.CANCEL_REQUEST, MmsPdu.CANCEL_RESPONSE -> {
                // 7.1: cancel-RequestPDU and cancel-ResponsePDU are the invokeID itself
                f.invokeId = element.constructed() ? -1 : Ber.unsigned(in, element);
                if (f.invokeId < 0) {
                    f.anomalies.add("bad_invoke_id");
                }
            }
            case MmsPdu.CANCEL_ERROR -> {
                Element original = element.constructed() ? Ber.child(in, element, Ber.CLASS_CONTEXT, 0) : null;
                f.invokeId = original == null ? -1 : Ber.unsigned(in, original);
                Element error = element.constructed() ? Ber.child(in, element, Ber.CLASS_CONTEXT, 1) : null;
                serviceError(in, error, f);
            }
            default -> {
                // initiate and conclude PDUs: parameters otb does not report
            }
        }
        return f.build();
    }

    /** 7.2: Confirmed-RequestPDU and -ResponsePDU: invokeID, [modifiers,] the service. */
    private static void confirmed(ByteBuffer in, Element pdu, Fields f) {
        if (!pdu.constructed()) {
            f.anomalies.add("primitive_confirmed_pdu");
            return;
        }
        int at = pdu.contents();
        Ber.Read first = Ber.read(in, at, pdu.end());
        if (!first.ok() || !first.element().is(Ber.CLASS_UNIVERSAL, INTEGER)) {
            f.anomalies.add(first.ok() ? "missing_invoke_id" : first.failure());
            return;
        }
        f.invokeId = Ber.unsigned(in, first.element());
        if (f.invokeId < 0) {
            f.anomalies.add("bad_invoke_id");
        }
        at = first.element().end();
        while (at < pdu.end()) {
            Ber.Read next = Ber.read(in, at, pdu.end());
            if (!next.ok()) {
                f.anomalies.add(next.failure());
                return;
            }
            Element service = next.element();
            if (service.tagClass() == Ber.CLASS_CONTEXT) {
                f.service = service.tag();
                if (pdu.tag() == MmsPdu.CONFIRMED_REQUEST) {
                    names(in, service, f);
                }
                return;
            }
            at = service.end(); // listOfModifier (a SEQUENCE) precedes the service of a request
        }
        f.anomalies.add("missing_service");
    }

    /** 7.2.3: Confirmed-ErrorPDU: invokeID [0], modifierPosition [1], serviceError [2]. */
    private static void confirmedError(ByteBuffer in, Element pdu, Fields f) {
        if (!pdu.constructed()) {
            f.anomalies.add("primitive_confirmed_pdu");
            return;
        }
        Element invoke = Ber.child(in, pdu, Ber.CLASS_CONTEXT, 0);
        f.invokeId = invoke == null ? -1 : Ber.unsigned(in, invoke);
        if (f.invokeId < 0) {
            f.anomalies.add("missing_invoke_id");
        }
        serviceError(in, Ber.child(in, pdu, Ber.CLASS_CONTEXT, 2), f);
    }

    /** 7.6: ServiceError: errorClass [0] CHOICE of classes, each an INTEGER code. */
    private static void serviceError(ByteBuffer in, Element error, Fields f) {
        Element errorClass = error == null || !error.constructed() ? null
                : Ber.child(in, error, Ber.CLASS_CONTEXT, 0);
        Element code = errorClass == null || !errorClass.constructed() ? null : Ber.firstChild(in, errorClass);
        if (code == null) {
            f.anomalies.add("missing_error_class");
            return;
        }
        f.errorClass = code.tag();
        f.errorCode = code.constructed() ? -1 : Ber.unsigned(in, code);
    }

    /** 7.5: RejectPDU: originalInvokeID [0] OPTIONAL, rejectReason CHOICE [1]..[11] of INTEGER codes. */
    private static void reject(ByteBuffer in, Element pdu, Fields f) {
        if (!pdu.constructed()) {
            f.anomalies.add("primitive_reject_pdu");
            return;
        }
        int at = pdu.contents();
        while (at < pdu.end()) {
            Ber.Read next = Ber.read(in, at, pdu.end());
            if (!next.ok()) {
                f.anomalies.add(next.failure());
                return;
            }
            Element element = next.element();
            if (element.is(Ber.CLASS_CONTEXT, 0) && !element.constructed()) {
                f.invokeId = Ber.unsigned(in, element);
            } else if (element.tagClass() == Ber.CLASS_CONTEXT && f.rejectReason < 0) {
                f.rejectReason = element.tag();
                long code = element.constructed() ? -1 : Ber.unsigned(in, element);
                f.rejectCode = code > Integer.MAX_VALUE ? -1 : (int) code;
            }
            at = element.end();
        }
    }

    /** The variables, domain or program invocation a confirmed request names. */
    private static void names(ByteBuffer in, Element service, Fields f) {
        switch (service.tag()) {
            case MmsServices.READ -> {
                // 14.6: Read-Request: specificationWithResult [0], variableAccessSpecification [1]
                Element specification = service.constructed() ? Ber.child(in, service, Ber.CLASS_CONTEXT, 1) : null;
                Element choice = specification == null || !specification.constructed() ? null
                        : Ber.firstChild(in, specification);
                variableAccess(in, choice, f);
            }
            case MmsServices.WRITE -> {
                // 14.7: Write-Request: variableAccessSpecification, listOfData [0]
                variableAccess(in, service.constructed() ? Ber.firstChild(in, service) : null, f);
            }
            case MmsServices.GET_VARIABLE_ACCESS_ATTRIBUTES -> {
                // 14.9: name [0] ObjectName | address [1]
                Element name = service.constructed() ? Ber.child(in, service, Ber.CLASS_CONTEXT, 0) : null;
                ObjectName object = name == null || !name.constructed() ? null
                        : objectName(in, Ber.firstChild(in, name));
                if (object != null) {
                    f.variable(object);
                }
            }
            case 1 -> {
                // 10.5: GetNameList-Request: objectClass [0], objectScope [1] { domainSpecific [1] Identifier }
                Element scope = service.constructed() ? Ber.child(in, service, Ber.CLASS_CONTEXT, 1) : null;
                Element domain = scope == null || !scope.constructed() ? null
                        : Ber.child(in, scope, Ber.CLASS_CONTEXT, 1);
                if (domain != null && !domain.constructed()) {
                    f.domain = Ber.text(in, domain);
                }
            }
            case 26, 27, 28, 29, 32, 33, 34, 35, 36, 37 -> f.domain = identifier(in, service);
            case 38, 39, 40, 41, 42, 43, 44, 45 -> f.programInvocation = identifier(in, service);
            default -> {
            }
        }
    }

    /**
     * Clauses 11 and 12: a domain or program invocation service names its object either as the
     * whole request (an IMPLICIT Identifier) or as its first field, [0] Identifier.
     */
    private static String identifier(ByteBuffer in, Element service) {
        if (!service.constructed()) {
            return Ber.text(in, service);
        }
        Element name = Ber.child(in, service, Ber.CLASS_CONTEXT, 0);
        return name == null || name.constructed() ? "" : Ber.text(in, name);
    }

    /** 14.x VariableAccessSpecification: listOfVariable [0] SEQUENCE OF {variableSpecification, ...} | variableListName [1]. */
    private static void variableAccess(ByteBuffer in, Element choice, Fields f) {
        if (choice == null || choice.tagClass() != Ber.CLASS_CONTEXT || !choice.constructed()) {
            return;
        }
        if (choice.tag() == VARIABLE_LIST_NAME) {
            ObjectName list = objectName(in, Ber.firstChild(in, choice));
            if (list != null) {
                f.variableList = list.domain().isEmpty() ? list.item() : list.domain() + "/" + list.item();
            }
            return;
        }
        if (choice.tag() != LIST_OF_VARIABLE) {
            return;
        }
        int at = choice.contents();
        while (at < choice.end()) {
            Ber.Read entry = Ber.read(in, at, choice.end());
            if (!entry.ok()) {
                f.anomalies.add(entry.failure());
                return;
            }
            Element sequence = entry.element();
            // VariableSpecification: name [0] ObjectName (others: address, description, ...)
            Element specification = sequence.is(Ber.CLASS_UNIVERSAL, SEQUENCE) && sequence.constructed()
                    ? Ber.firstChild(in, sequence) : null;
            if (specification != null && specification.is(Ber.CLASS_CONTEXT, 0) && specification.constructed()) {
                ObjectName name = objectName(in, Ber.firstChild(in, specification));
                if (name != null) {
                    f.variable(name);
                }
            } else {
                f.variableCount++;
            }
            at = sequence.end();
        }
    }

    /** 7.5.2 ObjectName: vmd-specific [0] Identifier | domain-specific [1] {domainId, itemId} | aa-specific [2]. */
    private static ObjectName objectName(ByteBuffer in, Element name) {
        if (name == null || name.tagClass() != Ber.CLASS_CONTEXT) {
            return null;
        }
        return switch (name.tag()) {
            case VMD_SPECIFIC -> name.constructed() ? null : new ObjectName("vmd", "", Ber.text(in, name));
            case AA_SPECIFIC -> name.constructed() ? null : new ObjectName("aa", "", Ber.text(in, name));
            case DOMAIN_SPECIFIC -> {
                if (!name.constructed()) {
                    yield null;
                }
                Element domain = Ber.firstChild(in, name);
                Ber.Read item = domain == null ? null : Ber.read(in, domain.end(), name.end());
                if (domain == null || item == null || !item.ok()
                        || !domain.is(Ber.CLASS_UNIVERSAL, VISIBLE_STRING)
                        || !item.element().is(Ber.CLASS_UNIVERSAL, VISIBLE_STRING)) {
                    yield null;
                }
                yield new ObjectName("domain", Ber.text(in, domain), Ber.text(in, item.element()));
            }
            default -> null;
        };
    }

    /** What the walk found, made into an {@link MmsPdu} at the end. */
    private static final class Fields {
        final int type;
        long invokeId = -1;
        int service = -1;
        int unconfirmed = -1;
        int errorClass = -1;
        long errorCode = -1;
        int rejectReason = -1;
        int rejectCode = -1;
        final List<ObjectName> variables = new ArrayList<>(2);
        int variableCount;
        String variableList = "";
        String domain = "";
        String programInvocation = "";
        final List<String> anomalies = new ArrayList<>(1);

        Fields(int type) {
            this.type = type;
        }

        void variable(ObjectName name) {
            if (variables.size() < MmsLimits.MAX_VARIABLES_PER_MESSAGE) {
                variables.add(name);
            }
            variableCount++;
        }

        MmsPdu build() {
            return new MmsPdu(type, invokeId, service, unconfirmed, errorClass,
                    errorCode > Integer.MAX_VALUE ? -1 : (int) errorCode, rejectReason, rejectCode, variables,
                    variableCount, variableList, domain, programInvocation, anomalies);
        }
    }
}
