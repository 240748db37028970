package otb.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The values of a message in parallel arrays: the same list as the records would make, and immutable. */
class PointValuesTest {
    @Provide
    Arbitrary<PointValue> values() {
        return Combinators.combine(Arbitraries.of("holding_register", "coil", "analog_input"),
                Arbitraries.longs().between(0, 1L << 40),
                Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(-0.0)
                        .withSpecialValue(Double.POSITIVE_INFINITY)).as(PointValue::new);
    }

    @Property
    void copiesEqualTheRecordsInOrder(@ForAll @Size(max = 300) List<@net.jqwik.api.From("values") PointValue> records) {
        PointValues copy = PointValues.copyOf(records);
        assertEquals(records, copy);
        assertEquals(copy, records);
        assertEquals(records.hashCode(), copy.hashCode());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(records.get(i).space(), copy.space(i));
            assertEquals(records.get(i).address(), copy.address(i));
            assertEquals(Double.doubleToLongBits(records.get(i).value()), Double.doubleToLongBits(copy.value(i)));
        }
        assertSame(copy, PointValues.copyOf(copy));
    }

    @Property
    void aBuiltListDoesNotChangeWhenTheBuilderGoesOn(@ForAll @Size(max = 100) List<@net.jqwik.api.From("values") PointValue> first,
                                                     @ForAll @Size(max = 100) List<@net.jqwik.api.From("values") PointValue> more,
                                                     @ForAll @IntRange(min = 0, max = 200) int expected) {
        PointValues.Builder builder = new PointValues.Builder(expected);
        first.forEach(value -> builder.add(value.space(), value.address(), value.value()));
        PointValues built = builder.build();
        more.forEach(value -> builder.add(value.space(), value.address(), value.value()));
        List<PointValue> all = new ArrayList<>(first);
        all.addAll(more);
        assertEquals(first, built);
        assertEquals(all, builder.build());
    }

    @Property
    void roomMadeAheadChangesNothingButTheCopies(@ForAll @Size(max = 100) List<@net.jqwik.api.From("values") PointValue> first,
                                                 @ForAll @Size(max = 100) List<@net.jqwik.api.From("values") PointValue> more,
                                                 @ForAll @IntRange(min = 0, max = 200) int expected,
                                                 @ForAll @IntRange(min = 0, max = 200) int room) {
        PointValues.Builder builder = new PointValues.Builder(expected).reserve(room);
        first.forEach(value -> builder.add(value.space(), value.address(), value.value()));
        PointValues built = builder.build();
        builder.reserve(more.size()); // after build: the built list keeps its arrays
        more.forEach(value -> builder.add(value.space(), value.address(), value.value()));
        List<PointValue> all = new ArrayList<>(first);
        all.addAll(more);
        assertEquals(first, built);
        assertEquals(all, builder.build());
    }

    @Property(tries = 20)
    void isImmutable(@ForAll @Size(min = 1, max = 20) List<@net.jqwik.api.From("values") PointValue> records) {
        PointValues copy = PointValues.copyOf(records);
        assertThrows(UnsupportedOperationException.class, () -> copy.add(records.get(0)));
        assertThrows(UnsupportedOperationException.class, () -> copy.set(0, records.get(0)));
        assertThrows(UnsupportedOperationException.class, () -> copy.remove(0));
    }

    @Property(tries = 20)
    void aMessageKeepsItsValuesAsBuilt(@ForAll @Size(max = 130) List<@net.jqwik.api.From("values") PointValue> records) {
        OtMessage.Builder builder = OtMessage.builder("f.pcap", 1, 0, new otb.capture.Flow(1, 0, otb.capture.Transport.TCP,
                        otb.capture.IpAddress.parse("10.0.0.1"), 40000, otb.capture.IpAddress.parse("10.0.0.2"), 502, 0, 0, 0, true),
                otb.capture.Direction.TO_CLIENT, otb.dissect.modbus.ModbusProtocol.DESCRIPTOR, MessageRole.RESPONSE);
        builder.expectValues(records.size() / 2);
        records.subList(0, records.size() / 3).forEach(value -> builder.value(value.space(), value.address(), value.value()));
        builder.expectValues(records.size() - records.size() / 3); // room for the rest, as an S7 response's next item
        records.subList(records.size() / 3, records.size())
                .forEach(value -> builder.value(value.space(), value.address(), value.value()));
        OtMessage message = builder.build();
        assertEquals(records, message.values());
        assertSame(message.values(), message.pointValues());
    }
}
