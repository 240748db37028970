package otb.sim;

/**
 * What the scenarios of every protocol family share: the plant they act in, the simulation they
 * add actors and labels to, and {@link Script}, an actor acting in numbered steps. In labels,
 * source is always the client (initiator) and destination the server.
 */
abstract class ScenarioFamily {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;

    final Plant plant;
    final Simulation simulation;

    ScenarioFamily(Plant plant, Simulation simulation) {
        this.plant = plant;
        this.simulation = simulation;
    }

    /** A scenario acting in numbered steps: {@link #act} returns the next step's time. */
    abstract static class Script extends Actor {
        private int index;

        abstract long act(int step, long now);

        @Override
        final void step(long now) {
            nextTime = act(index++, now);
        }
    }

    Label label(ScenarioKind kind, Host source, Host destination, int port, String protocol, String text) {
        return simulation.newLabel(kind, source, destination, port, protocol, text);
    }
}
