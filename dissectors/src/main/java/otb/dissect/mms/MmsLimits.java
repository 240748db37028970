package otb.dissect.mms;

/** Bounds of the MMS dissection, fixed by the standards or chosen here; per-flow bounds live in DissectorConfig. */
final class MmsLimits {
    private MmsLimits() {
    }

    /** Tag numbers otb reads: MMS's largest is 79 (service-ext); two subsequent octets hold up to 16383. */
    static final int MAX_TAG_OCTETS = 2;
    /** Length octets after the first (X.690 8.1.3.5): four give lengths up to 2^32 - 1, above any TSDU. */
    static final int MAX_LENGTH_OCTETS = 4;
    /** Octets of an INTEGER read as a number: invoke ids are Unsigned32 (ISO 9506-2 7.5). */
    static final int MAX_INTEGER_OCTETS = 5;
    /** Characters kept of a name: IEC 61850-8-1 object references run up to 129 characters (an MMS Identifier up to 32, or 64). */
    static final int MAX_NAME_CHARS = 129;
    /** Variables listed per read or write in a record; further ones are counted, not named. */
    static final int MAX_VARIABLES_PER_MESSAGE = 32;
    /** SPDUs read in one TSDU: a give-tokens and a data SPDU, or one connect, accept, finish, ... */
    static final int MAX_SPDUS_PER_TSDU = 4;
    /** Presentation contexts remembered per connection (IEC 61850 proposes two: ACSE and MMS). */
    static final int MAX_CONTEXTS = 16;
}
