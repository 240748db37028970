package otb.baseline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.Protocol;
import otb.dissect.Protocols;

/**
 * The keys whose equals and hashCode are written out (for the start, not the result): two keys are
 * equal exactly when every component is, and equal keys hash alike. Components are drawn from
 * small sets so that equal and nearly equal keys come up often.
 */
class WrittenOutKeysTest {
    private static final List<Protocol> PROTOCOLS = Protocols.all().subList(0, 3);

    @Provide
    Arbitrary<IpAddress> addresses() {
        return Combinators.combine(Arbitraries.longs().between(0, 2), Arbitraries.longs().between(0, 2),
                Arbitraries.of(true, false)).as(IpAddress::new);
    }

    @Provide
    Arbitrary<List<Object>> conversations() {
        return Combinators.combine(addresses(), addresses(), Arbitraries.of(PROTOCOLS), Arbitraries.integers().between(0, 2))
                .as(List::of);
    }

    @Property(tries = 2000)
    void addresses(@ForAll("addresses") IpAddress a, @ForAll("addresses") IpAddress b) {
        check(a, b, a.high() == b.high() && a.low() == b.low() && a.v6() == b.v6());
        assertEquals((31 * Long.hashCode(a.high()) + Long.hashCode(a.low())) * 31 + Boolean.hashCode(a.v6()),
                a.hashCode(), "the record's own hash, kept so that nothing keyed by addresses changes order");
    }

    @Property(tries = 2000)
    void conversationKeys(@ForAll("conversations") List<Object> a, @ForAll("conversations") List<Object> b) {
        check(new ConversationKey((IpAddress) a.get(0), (IpAddress) a.get(1), (Protocol) a.get(2), (Integer) a.get(3)),
                new ConversationKey((IpAddress) b.get(0), (IpAddress) b.get(1), (Protocol) b.get(2), (Integer) b.get(3)),
                a.equals(b));
    }

    @Property(tries = 2000)
    void ipConversationKeys(@ForAll("conversations") List<Object> a, @ForAll("conversations") List<Object> b,
                            @ForAll Transport ta, @ForAll Transport tb) {
        check(new IpConversationKey((IpAddress) a.get(0), (IpAddress) a.get(1), ta, (Integer) a.get(3)),
                new IpConversationKey((IpAddress) b.get(0), (IpAddress) b.get(1), tb, (Integer) b.get(3)),
                a.get(0).equals(b.get(0)) && a.get(1).equals(b.get(1)) && ta == tb && a.get(3).equals(b.get(3)));
    }

    @Property(tries = 2000)
    void sequenceKeys(@ForAll("conversations") List<Object> a, @ForAll("conversations") List<Object> b,
                      @ForAll("counters") String ca, @ForAll("counters") String cb, @ForAll boolean sa, @ForAll boolean sb) {
        check(new SequenceKey((IpAddress) a.get(0), (IpAddress) a.get(1), (Protocol) a.get(2), ca, sa),
                new SequenceKey((IpAddress) b.get(0), (IpAddress) b.get(1), (Protocol) b.get(2), new String(cb), sb),
                a.subList(0, 3).equals(b.subList(0, 3)) && ca.equals(cb) && sa == sb);
    }

    @Provide
    Arbitrary<String> counters() {
        return Arbitraries.of("tpkt", "application", "transport");
    }

    private static void check(Object a, Object b, boolean componentsEqual) {
        assertEquals(componentsEqual, a.equals(b), a + " / " + b);
        assertEquals(componentsEqual, b.equals(a), b + " / " + a);
        if (componentsEqual) {
            assertEquals(a.hashCode(), b.hashCode(), a + " / " + b);
        }
        assertEquals(false, a.equals(null));
        assertEquals(false, a.equals("not a key"));
    }
}
