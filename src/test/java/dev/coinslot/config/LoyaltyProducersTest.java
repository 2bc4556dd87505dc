package dev.coinslot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.loyalty.StampScope;
import dev.coinslot.domain.loyalty.StreakMilestone;
import org.junit.jupiter.api.Test;

class LoyaltyProducersTest {

    @Test
    void milestoneEntries_areDaysColonCredits_anythingElseIsRefusedWithTheExpectedForm() {
        assertEquals(new StreakMilestone(7, Credits.of(50)), LoyaltyProducers.milestone(" 7 : 50 "));
        for (String bad : new String[] {"7", "7:", "seven:50", "7:50:1", "7:5.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoyaltyProducers.milestone(bad));
            assertEquals("streak milestone '" + bad + "': expected days:credits, e.g. 7:50", e.getMessage());
        }
    }

    @Test
    void stampScopes_areAnyKindOrSku_unknownKindsAndFormsAreRefused() {
        assertEquals(new StampScope.AnyPurchase(), LoyaltyProducers.scope("any"));
        assertEquals(new StampScope.OfKind(SkuKind.STICKER), LoyaltyProducers.scope("kind:sticker"));
        assertEquals(new StampScope.OfSku("hat-gold"), LoyaltyProducers.scope("sku:hat-gold"));
        assertEquals("unknown kind in 'kind:hat' (expected one of " + java.util.List.of(SkuKind.values()) + ")",
                assertThrows(IllegalArgumentException.class, () -> LoyaltyProducers.scope("kind:hat")).getMessage());
        assertEquals("of must be any, kind:<kind> or sku:<sku id>, was 'everything'",
                assertThrows(IllegalArgumentException.class, () -> LoyaltyProducers.scope("everything")).getMessage());
    }
}
