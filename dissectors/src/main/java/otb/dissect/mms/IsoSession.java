package otb.dissect.mms;

import java.nio.ByteBuffer;

/**
 * ISO 8327-1 (X.225) session protocol data units as one TSDU carries them: the SPDU that matters
 * (a connect, an accept, a data transfer after its give-tokens, a finish, an abort, ...) and where
 * its user data lies. Stateless, absolute reads bounded by the TSDU.
 */
final class IsoSession {
    private IsoSession() {
    }

    // ISO 8327-1 8.3, table 10 ff.: SPDU identifiers (SI)
    static final int DATA_TRANSFER = 1;   // DT; GIVE TOKENS (GT) when it opens a concatenation
    static final int PLEASE_TOKENS = 2;   // PT, category 0 like GT
    static final int EXPEDITED = 5;
    static final int NOT_FINISHED = 8;
    static final int FINISH = 9;
    static final int DISCONNECT = 10;
    static final int REFUSE = 12;
    static final int CONNECT = 13;
    static final int ACCEPT = 14;
    static final int ABORT = 25;
    static final int ABORT_ACCEPT = 26;
    static final int TYPED_DATA = 33;
    /** ISO 8327-1 8.3.x: User Data and Extended User Data parameter groups. */
    private static final int USER_DATA = 193;
    private static final int EXTENDED_USER_DATA = 194;
    /** ISO 8327-1 8.2.5: a length octet of 255 is followed by a two-octet length. */
    private static final int LONG_LENGTH = 0xFF;

    /**
     * The session reading of one TSDU.
     *
     * @param spdu           the significant SPDU's identifier, -1 when none was read
     * @param userData       absolute offset of its user data
     * @param userDataLength length of its user data; 0 when it has none
     * @param failure        "" or why the TSDU is not session SPDUs (a stable snake_case word)
     */
    record Reading(int spdu, int userData, int userDataLength, String failure) {
        static Reading failed(String why) {
            return new Reading(-1, 0, 0, why);
        }
    }

    /** The name of an SPDU identifier, snake case. */
    static String name(int spdu) {
        return switch (spdu) {
            case DATA_TRANSFER -> "data_transfer";
            case PLEASE_TOKENS -> "please_tokens";
            case EXPEDITED -> "expedited_data";
            case NOT_FINISHED -> "not_finished";
            case FINISH -> "finish";
            case DISCONNECT -> "disconnect";
            case REFUSE -> "refuse";
            case CONNECT -> "connect";
            case ACCEPT -> "accept";
            case ABORT -> "abort";
            case ABORT_ACCEPT -> "abort_accept";
            case TYPED_DATA -> "typed_data";
            default -> "spdu_" + spdu;
        };
    }

    /** True when {@code first} can open a TSDU of session SPDUs (ISO 8327-1 8.3). */
    static boolean isSpduIdentifier(int first) {
        return switch (first) {
            case DATA_TRANSFER, PLEASE_TOKENS, EXPEDITED, NOT_FINISHED, FINISH, DISCONNECT, REFUSE, CONNECT, ACCEPT,
                 ABORT, ABORT_ACCEPT, TYPED_DATA -> true;
            default -> false;
        };
    }

    /** Reads the SPDUs of the TSDU at {@code offset}..{@code end}. */
    static Reading read(ByteBuffer in, int offset, int end) {
        int at = offset;
        for (int count = 0; count < MmsLimits.MAX_SPDUS_PER_TSDU; count++) {
            if (end - at < 2) {
                return Reading.failed("truncated_spdu");
            }
            int identifier = in.get(at) & 0xFF;
            int length = in.get(at + 1) & 0xFF;
            int parameters = at + 2;
            if (length == LONG_LENGTH) {
                if (end - at < 4) {
                    return Reading.failed("truncated_spdu");
                }
                length = in.getShort(at + 2) & 0xFFFF;
                parameters = at + 4;
            }
            if (length > end - parameters) {
                return Reading.failed("spdu_length_exceeds_tsdu");
            }
            int parametersEnd = parameters + length;
            if (!isSpduIdentifier(identifier)) {
                return Reading.failed("unknown_spdu");
            }
            // 7.1: a category 0 SPDU (give tokens, please tokens) opens a concatenation; the SPDU after it counts
            boolean categoryZero = count == 0 && (identifier == DATA_TRANSFER || identifier == PLEASE_TOKENS)
                    && parametersEnd < end;
            if (categoryZero) {
                at = parametersEnd;
                continue;
            }
            if (identifier == DATA_TRANSFER || identifier == TYPED_DATA || identifier == EXPEDITED) {
                // 8.3.11 ff.: the user information of data SPDUs follows the parameter field
                return new Reading(identifier, parametersEnd, end - parametersEnd, "");
            }
            return userDataParameter(in, identifier, parameters, parametersEnd);
        }
        return Reading.failed("too_many_spdus");
    }

    /** 8.2.3: parameter units (PI or PGI, length, value) of an SPDU; the user data group holds the user data. */
    private static Reading userDataParameter(ByteBuffer in, int identifier, int at, int end) {
        while (at < end) {
            if (end - at < 2) {
                return Reading.failed("truncated_session_parameter");
            }
            int code = in.get(at) & 0xFF;
            int length = in.get(at + 1) & 0xFF;
            int value = at + 2;
            if (length == LONG_LENGTH) {
                if (end - at < 4) {
                    return Reading.failed("truncated_session_parameter");
                }
                length = in.getShort(at + 2) & 0xFFFF;
                value = at + 4;
            }
            if (length > end - value) {
                return Reading.failed("session_parameter_exceeds_spdu");
            }
            if (code == USER_DATA || code == EXTENDED_USER_DATA) {
                return new Reading(identifier, value, length, "");
            }
            at = value + length;
        }
        return new Reading(identifier, end, 0, "");
    }
}
