package dev.coinslot.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Purchase ids: the time part is the text {@code String.format("%012x")} gave, which ids already stored carry. */
class IdsTest {

    private final Ids ids = new Ids();

    private String timePart(long millis) {
        String id = ids.purchaseId(Instant.ofEpochMilli(millis));
        assertTrue(id.startsWith("pur_"), id);
        // the random part is always 12 hex digits, whatever the time part's length
        return id.substring(4, id.length() - 12);
    }

    @Test
    void timePart_isTheFormatsText_forEdgesAndRandomInstants() {
        long[] edges = {0, 1, 15, 16, 1_700_000_000_000L, 1_796_000_000_000L, (1L << 48) - 1, 1L << 48, Long.MAX_VALUE / 2};
        for (long millis : edges) {
            assertEquals(String.format("%012x", millis), timePart(millis), "millis " + millis);
        }
        SplittableRandom random = new SplittableRandom(21);
        for (int i = 0; i < 20_000; i++) {
            long millis = random.nextLong(1L << 48);
            assertEquals(String.format("%012x", millis), timePart(millis), "millis " + millis);
        }
    }

    @Test
    void beforeTheEpoch_theFormatsTextIsKeptToo() {
        assertEquals(String.format("%012x", -1L), timePart(-1));
        assertEquals(String.format("%012x", -86_400_000L), timePart(-86_400_000L));
    }

    @Test
    void idsOfTheSameMillisecond_differ_andSortByTime() {
        Instant now = Instant.parse("2026-12-07T21:00:00Z");
        String a = ids.purchaseId(now);
        String b = ids.purchaseId(now);
        assertNotEquals(a, b);
        assertEquals(4 + 12 + 12, a.length());
        // the time prefix (pur_ + 12 hex digits) of a later millisecond sorts after, whatever the random parts
        assertTrue(a.substring(0, 16).compareTo(ids.purchaseId(now.plusMillis(1)).substring(0, 16)) < 0);
    }
}
