package otb.sim;

import java.util.SplittableRandom;

/** The DNP3 scenarios: commands on the master's connection, a silent channel and a replay. */
final class Dnp3Scenarios extends ScenarioFamily {
    Dnp3Scenarios(Plant plant, Simulation simulation) {
        super(plant, simulation);
    }

    /** A DNP3 command on the master's own connection: cold restart or disable unsolicited. */
    void command(ScenarioKind kind, Dnp3Channel channel, long start, SplittableRandom random) {
        boolean restart = kind == ScenarioKind.DNP3_COLD_RESTART;
        Host outstation = channel.outstation.host;
        Label label = label(kind, channel.connection.client, outstation, Plant.DNP3_PORT, "dnp3", restart
                ? "SCADA master connection sends COLD_RESTART (FC 13) to " + outstation.name()
                : "SCADA master connection sends DISABLE_UNSOLICITED (FC 21) for classes 1-3 to " + outstation.name());
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                Dnp3Codec.Fragment request = new Dnp3Codec.Fragment();
                Dnp3Codec.Fragment response = new Dnp3Codec.Fragment();
                int sequence = channel.nextApplicationSequence();
                if (restart) {
                    request.request(sequence, Dnp3Codec.COLD_RESTART);
                    // time delay fine (g52v2), milliseconds until the outstation is back (4.4.6)
                    response.response(sequence, false, 0).count8(52, 2, 1).put16(8000);
                } else {
                    request.request(sequence, Dnp3Codec.DISABLE_UNSOLICITED)
                            .allObjects(60, 2).allObjects(60, 3).allObjects(60, 4);
                    response.response(sequence, false, 0);
                }
                channel.connection.exchange(now, channel.fromMaster(request), channel.fromOutstation(response),
                        20 * MS + random.nextLong(30 * MS), 200 * MS, Long.MAX_VALUE, false, random, label, label);
                return RETIRED;
            }
        }, start);
    }

    void silentChannel(long start) {
        long end = start + 240 * SECOND;
        Label label = label(ScenarioKind.SILENT_CHANNEL, plant.scada3, plant.rtu3b, Plant.DNP3_PORT, "dnp3",
                "the SCADA master stops polling rtu-3b for 4 minutes (no frames on the channel), then resumes");
        plant.rtu3bMaster.timing().silence(start, end);
        label.cover(start);
        label.cover(end);
    }

    /**
     * A man in the middle of the SCADA master's live connection to rtu-3a replays the master's
     * last recorded requests (confirms left out) byte for byte: the same addresses and ports,
     * application and transport sequence numbers already used. The outstation answers each.
     */
    void sequenceReplay(long start, SplittableRandom random) {
        Dnp3Channel channel = plant.scadaToRtu3a;
        Host outstation = channel.outstation.host;
        Label label = label(ScenarioKind.SEQUENCE_REPLAY, channel.connection.client, outstation, Plant.DNP3_PORT,
                "dnp3", "a man in the middle replays the SCADA master's last recorded requests to " + outstation.name()
                        + " on the live connection, application and transport sequence numbers as recorded");
        simulation.add(new Script() {
            @Override
            long act(int step, long now) {
                java.util.List<byte[]> requests = channel.recordedRequests();
                if (step >= Math.min(3, requests.size())) {
                    return RETIRED;
                }
                byte[] replayed = requests.get(requests.size() - Math.min(3, requests.size()) + step);
                // the outstation answers the request it believes: a null response with its sequence
                Dnp3Codec.Fragment response = new Dnp3Codec.Fragment().response(replayed[11] & 0x0F, false, 0);
                long answered = channel.connection.exchange(now, replayed, channel.fromOutstation(response),
                        20 * MS + random.nextLong(30 * MS), 200 * MS, Long.MAX_VALUE, false, random, label, label);
                return answered + 150 * MS + random.nextLong(300 * MS);
            }
        }, start);
    }
}
