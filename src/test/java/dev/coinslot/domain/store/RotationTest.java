package dev.coinslot.domain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RotationTest {

    static final List<String> POOL = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    static final Rotation DAILY = new Rotation(POOL, 3, Rotation.DAILY);

    @Test
    void featured_isTheSameAllDay_andDistinctSkusOfThePool() {
        Instant morning = Instant.parse("2026-12-07T00:00:00Z");
        List<String> featured = DAILY.featured(morning, POOL);
        assertEquals(3, featured.size());
        assertEquals(3, new HashSet<>(featured).size());
        assertTrue(POOL.containsAll(featured));
        assertEquals(featured, DAILY.featured(Instant.parse("2026-12-07T23:59:59Z"), POOL));
        // another instance with the same rotation agrees: nothing but the period and the pool decide
        assertEquals(featured, new Rotation(List.copyOf(POOL), 3, Rotation.DAILY).featured(Instant.parse("2026-12-07T12:00:00Z"), POOL));
    }

    @Test
    void featured_changesBetweenDays() {
        Set<List<String>> seen = new HashSet<>();
        for (int day = 0; day < 10; day++) {
            seen.add(DAILY.featured(Instant.parse("2026-12-01T08:00:00Z").plusSeconds(86_400L * day), POOL));
        }
        assertTrue(seen.size() >= 5, "10 days of 3 out of 8 gave only " + seen.size() + " distinct selections");
    }

    @Test
    void nextRotationAt_isTheNextMidnightUtc() {
        assertEquals(Instant.parse("2026-12-08T00:00:00Z"), DAILY.nextRotationAt(Instant.parse("2026-12-07T00:00:00Z")));
        assertEquals(Instant.parse("2026-12-08T00:00:00Z"), DAILY.nextRotationAt(Instant.parse("2026-12-07T23:59:59Z")));
    }

    @Test
    void featured_skipsSkusNotOnSale() {
        List<String> eligible = List.of("a", "b");
        assertEquals(Set.of("a", "b"), new HashSet<>(DAILY.featured(Instant.parse("2026-12-07T10:00:00Z"), eligible)));
    }
}
