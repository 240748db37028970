package otb.sim;

/** An actor that polls on a {@link PollTiming} cycle. */
interface Polling {
    PollTiming timing();
}
