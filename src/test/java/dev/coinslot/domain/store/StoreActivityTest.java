package dev.coinslot.domain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coinslot.domain.Credits;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreActivityTest {

    static final LocalDate TODAY = LocalDate.parse("2026-12-07");
    static final Credits HIGH = Credits.of(1_000);

    @Test
    void segment_isNew_untilTheFirstPurchase() {
        assertEquals(Segment.NEW, StoreActivity.NONE.segment(TODAY, HIGH));
        StoreActivity once = StoreActivity.NONE.purchase(Credits.of(49), TODAY, Optional.empty(), 1);
        assertEquals(Segment.RETURNING, once.segment(TODAY, HIGH));
    }

    @Test
    void segment_isHighSpender_fromTheThresholdWithinThirtyDays_andFallsBackAfterwards() {
        StoreActivity a = StoreActivity.NONE.purchase(Credits.of(600), TODAY.minusDays(29), Optional.empty(), 1)
                .purchase(Credits.of(399), TODAY, Optional.empty(), 1);
        assertEquals(Segment.RETURNING, a.segment(TODAY, HIGH), "999 credits is below 1,000");
        StoreActivity b = a.purchase(Credits.of(1), TODAY, Optional.empty(), 1);
        assertEquals(Segment.HIGH_SPENDER, b.segment(TODAY, HIGH), "exactly the threshold");
        // the 600 of 29 days ago leaves the window the day after
        assertEquals(Segment.RETURNING, b.segment(TODAY.plusDays(1), HIGH));
        assertEquals(400, b.spent().last30Days(TODAY.plusDays(1)).amount());
    }

    @Test
    void spendHistory_keepsThirtyDaysAtMost() {
        SpendHistory h = SpendHistory.NONE;
        for (int d = 0; d < 90; d++) {
            h = h.plus(Credits.of(10), TODAY.plusDays(d));
        }
        assertEquals(30, h.perDay().size());
        assertEquals(300, h.last30Days(TODAY.plusDays(89)).amount());
    }

    @Test
    void offerUses_countUnitsPerOffer_andOnlyForOfferPurchases() {
        StoreActivity a = StoreActivity.NONE.purchase(Credits.of(98), TODAY, Optional.of("starter"), 2)
                .purchase(Credits.of(49), TODAY, Optional.empty(), 1)
                .purchase(Credits.of(49), TODAY, Optional.of("starter"), 1);
        assertEquals(3, a.used("starter"));
        assertEquals(0, a.used("other"));
        assertEquals(3, a.purchases());
    }

    @Test
    void retainOffers_dropsOnlyCountsOfOffersNoLongerInTheCatalog() {
        StoreActivity a = StoreActivity.NONE.purchase(Credits.of(9), TODAY, Optional.of("starter"), 1)
                .purchase(Credits.of(9), TODAY, Optional.of("gone"), 2);
        StoreActivity kept = a.retainOffers(java.util.Set.of("starter", "other"));
        assertEquals(1, kept.used("starter"));
        assertEquals(0, kept.used("gone"));
        assertEquals(a.purchases(), kept.purchases());
        assertEquals(a.spent(), kept.spent());
        assertEquals(a, a.retainOffers(java.util.Set.of("starter", "gone")));
    }
}
