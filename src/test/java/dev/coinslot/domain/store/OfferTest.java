package dev.coinslot.domain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.domain.Credits;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OfferTest {

    static final Instant STARTS = Instant.parse("2026-12-24T00:00:00Z");
    static final Instant ENDS = Instant.parse("2026-12-27T00:00:00Z");

    private static Offer offer(Optional<Integer> limit, Set<Segment> segments) {
        return new Offer("xmas", "hat-gold", Credits.of(49), STARTS, ENDS, limit, segments);
    }

    @Test
    void offer_isValidFromItsStartInclusive_toItsEndExclusive_toTheNanosecond() {
        Offer offer = offer(Optional.empty(), Set.of());
        assertFalse(offer.isValidAt(STARTS.minusNanos(1)));
        assertTrue(offer.isValidAt(STARTS));
        assertTrue(offer.isValidAt(ENDS.minusSeconds(1)));
        assertTrue(offer.isValidAt(ENDS.minusNanos(1)));
        assertFalse(offer.isValidAt(ENDS));
        assertFalse(offer.isValidAt(ENDS.plusSeconds(1)));
    }

    @Test
    void remaining_countsDownFromThePerUserLimit_andIsEmptyWithoutOne() {
        Offer once = offer(Optional.of(1), Set.of());
        assertEquals(Optional.of(1), once.remaining(0));
        assertEquals(Optional.of(0), once.remaining(1));
        assertEquals(Optional.of(0), once.remaining(5));
        assertEquals(Optional.empty(), offer(Optional.empty(), Set.of()).remaining(100));
    }

    @Test
    void targets_everyoneWithoutSegments_elseOnlyTheNamedOnes() {
        assertTrue(offer(Optional.empty(), Set.of()).targets(Segment.HIGH_SPENDER));
        Offer starter = offer(Optional.of(1), Set.of(Segment.NEW));
        assertTrue(starter.targets(Segment.NEW));
        assertFalse(starter.targets(Segment.RETURNING));
        assertFalse(starter.targets(Segment.HIGH_SPENDER));
    }
}
