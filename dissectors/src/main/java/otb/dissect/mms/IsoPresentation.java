package otb.dissect.mms;

import java.nio.ByteBuffer;
import otb.dissect.mms.Ber.Element;

/**
 * ISO 8823-1 (X.226) presentation PDUs in session user data, and the ACSE APDUs (ISO 8650-1,
 * X.227) they carry for the association: where the MMS PDU lies. Stateless except for the
 * connection's presentation contexts, which the caller keeps ({@link Contexts}).
 */
final class IsoPresentation {
    private IsoPresentation() {
    }

    /** ISO 9506-2 annex A: the MMS abstract syntax {iso standard 9506 part(2) mms-abstract-syntax-version1(1)}, 1.0.9506.2.1. */
    private static final byte[] MMS_ABSTRACT_SYNTAX = {0x28, (byte) 0xCA, 0x22, 0x02, 0x01};
    /** ISO 8650-1: the ACSE abstract syntax {joint-iso-itu-t association-control(2) abstract-syntax(1) apdus(0) version1(1)}. */
    private static final byte[] ACSE_ABSTRACT_SYNTAX = {0x52, 0x01, 0x00, 0x01};

    // ISO 8823-1 8.2: CP-type and CPA-PPDU are SETs; normal-mode-parameters [2]; context list [4]
    private static final int NORMAL_MODE_PARAMETERS = 2;
    private static final int CONTEXT_DEFINITION_LIST = 4;
    // 8.4: User-data: simply-encoded-data [APPLICATION 0], fully-encoded-data [APPLICATION 1]
    private static final int SIMPLY_ENCODED = 0;
    private static final int FULLY_ENCODED = 1;
    // 8.4: PDV-list presentation-data-values: single-ASN1-type [0], octet-aligned [1]
    private static final int SINGLE_ASN1_TYPE = 0;
    private static final int OCTET_ALIGNED = 1;
    // ISO 8650-1: user-information [30] of AARQ and AARE
    private static final int USER_INFORMATION = 30;
    // X.690 universal tags
    private static final int INTEGER = 2;
    private static final int OBJECT_IDENTIFIER = 6;
    private static final int EXTERNAL = 8;
    private static final int SEQUENCE = 16;
    private static final int SET = 17;

    /** ACSE APDUs (ISO 8650-1), by application tag. */
    static String acseName(int tag) {
        return switch (tag) {
            case 0 -> "associate_request";
            case 1 -> "associate_response";
            case 2 -> "release_request";
            case 3 -> "release_response";
            case 4 -> "abort";
            default -> "acse_" + tag;
        };
    }

    /** The presentation contexts proposed on a connection: which identifier is MMS's and which ACSE's. */
    static final class Contexts {
        long mms = -1;
        long acse = -1;
    }

    /**
     * What the presentation user data carries.
     *
     * @param context    presentation context identifier of the data value, -1 when none was read
     * @param acse       the ACSE APDU's application tag, -1 when none
     * @param mms        the MMS PDU, or null when it carries none
     * @param failure    "" or why the user data could not be read
     */
    record Carried(long context, int acse, Element mms, String failure) {
        static final Carried NOTHING = new Carried(-1, -1, null, "");

        static Carried failed(String why) {
            return new Carried(-1, -1, null, why);
        }
    }

    /** Reads the presentation PDU at {@code offset}..{@code end}, learning contexts from a CP-type. */
    static Carried read(ByteBuffer in, int offset, int end, Contexts contexts) {
        if (offset >= end) {
            return Carried.NOTHING;
        }
        Ber.Read outer = Ber.read(in, offset, end);
        if (!outer.ok()) {
            return Carried.failed(outer.failure());
        }
        Element ppdu = outer.element();
        if (ppdu.is(Ber.CLASS_UNIVERSAL, SET) && ppdu.constructed()) {
            Element normal = Ber.child(in, ppdu, Ber.CLASS_CONTEXT, NORMAL_MODE_PARAMETERS);
            if (normal == null) {
                return Carried.NOTHING; // X.410-1984 mode, or no parameters: no MMS here
            }
            Element list = Ber.child(in, normal, Ber.CLASS_CONTEXT, CONTEXT_DEFINITION_LIST);
            if (list != null) {
                learn(in, list, contexts);
            }
            Element userData = Ber.child(in, normal, Ber.CLASS_APPLICATION, FULLY_ENCODED);
            return userData == null ? Carried.NOTHING : fullyEncoded(in, userData, contexts);
        }
        if (ppdu.is(Ber.CLASS_APPLICATION, FULLY_ENCODED) && ppdu.constructed()) {
            return fullyEncoded(in, ppdu, contexts);
        }
        if (ppdu.is(Ber.CLASS_APPLICATION, SIMPLY_ENCODED)) {
            Ber.Read inner = Ber.read(in, ppdu.contents(), ppdu.end());
            return inner.ok() ? classify(in, -1, inner.element(), contexts) : Carried.failed(inner.failure());
        }
        return Carried.failed("unknown_ppdu");
    }

    /** 8.2 presentation-context-definition-list: SEQUENCE OF {identifier INTEGER, abstract-syntax-name OID, ...}. */
    private static void learn(ByteBuffer in, Element list, Contexts contexts) {
        int at = list.contents();
        for (int i = 0; i < MmsLimits.MAX_CONTEXTS && at < list.end(); i++) {
            Ber.Read item = Ber.read(in, at, list.end());
            if (!item.ok()) {
                return;
            }
            Element definition = item.element();
            Element identifier = Ber.child(in, definition, Ber.CLASS_UNIVERSAL, INTEGER);
            Element syntax = Ber.child(in, definition, Ber.CLASS_UNIVERSAL, OBJECT_IDENTIFIER);
            if (identifier != null && syntax != null) {
                long id = Ber.unsigned(in, identifier);
                if (Ber.contentsEqual(in, syntax, MMS_ABSTRACT_SYNTAX)) {
                    contexts.mms = id;
                } else if (Ber.contentsEqual(in, syntax, ACSE_ABSTRACT_SYNTAX)) {
                    contexts.acse = id;
                }
            }
            at = definition.end();
        }
    }

    /** 8.4 Fully-encoded-data: SEQUENCE OF PDV-list; the first list's value is the message. */
    private static Carried fullyEncoded(ByteBuffer in, Element userData, Contexts contexts) {
        Element list = Ber.firstChild(in, userData);
        if (list == null || !list.is(Ber.CLASS_UNIVERSAL, SEQUENCE)) {
            return Carried.failed("bad_pdv_list");
        }
        Element identifier = Ber.child(in, list, Ber.CLASS_UNIVERSAL, INTEGER);
        long context = identifier == null ? -1 : Ber.unsigned(in, identifier);
        Element single = Ber.child(in, list, Ber.CLASS_CONTEXT, SINGLE_ASN1_TYPE);
        Element value = single != null ? single : Ber.child(in, list, Ber.CLASS_CONTEXT, OCTET_ALIGNED);
        if (value == null) {
            return Carried.failed("no_presentation_data_value");
        }
        Ber.Read inner = Ber.read(in, value.contents(), value.end());
        return inner.ok() ? classify(in, context, inner.element(), contexts) : Carried.failed(inner.failure());
    }

    /** An ACSE APDU (application class) or an MMS PDU (context class) in the MMS context. */
    private static Carried classify(ByteBuffer in, long context, Element value, Contexts contexts) {
        if (value.tagClass() == Ber.CLASS_APPLICATION) {
            return acse(in, context, value);
        }
        if (value.tagClass() != Ber.CLASS_CONTEXT
                || (context >= 0 && contexts.mms >= 0 && context != contexts.mms)) {
            return new Carried(context, -1, null, "not_mms_context");
        }
        return new Carried(context, -1, value, "");
    }

    /** ISO 8650-1: AARQ and AARE carry the MMS initiate PDU in user-information, an EXTERNAL. */
    private static Carried acse(ByteBuffer in, long context, Element apdu) {
        Element information = Ber.child(in, apdu, Ber.CLASS_CONTEXT, USER_INFORMATION);
        Element external = information == null ? null : Ber.child(in, information, Ber.CLASS_UNIVERSAL, EXTERNAL);
        if (external == null) {
            return new Carried(context, apdu.tag(), null, "");
        }
        // X.690 8.18: EXTERNAL encoding single-ASN1-type [0] or octet-aligned [1]
        Element single = Ber.child(in, external, Ber.CLASS_CONTEXT, SINGLE_ASN1_TYPE);
        Element value = single != null ? single : Ber.child(in, external, Ber.CLASS_CONTEXT, OCTET_ALIGNED);
        if (value == null) {
            return new Carried(context, apdu.tag(), null, "");
        }
        Ber.Read mms = Ber.read(in, value.contents(), value.end());
        if (!mms.ok()) {
            return new Carried(context, apdu.tag(), null, mms.failure());
        }
        return new Carried(context, apdu.tag(), mms.element(), "");
    }
}
