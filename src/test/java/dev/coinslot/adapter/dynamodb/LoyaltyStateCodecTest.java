package dev.coinslot.adapter.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.domain.Credits;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.loyalty.DailyClaim;
import dev.coinslot.domain.loyalty.GrantOutcome;
import dev.coinslot.domain.loyalty.LoyaltyProgram;
import dev.coinslot.domain.loyalty.LoyaltyPurchase;
import dev.coinslot.domain.loyalty.LoyaltyRules;
import dev.coinslot.domain.loyalty.LoyaltyState;
import dev.coinslot.domain.loyalty.StampCard;
import dev.coinslot.domain.loyalty.StampScope;
import dev.coinslot.domain.loyalty.StreakMilestone;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LoyaltyStateCodecTest {

    @Test
    void emptyState_isJustTheVersion_andReadsBack() {
        assertEquals("L1", LoyaltyStateCodec.encode(LoyaltyState.NONE));
        assertEquals(LoyaltyState.NONE, LoyaltyStateCodec.decode("L1"));
    }

    @Test
    void fullState_hasTheDocumentedShape_andReadsBack() {
        LoyaltyState state = new LoyaltyState(9_800, 3, Optional.of(LocalDate.of(2026, 12, 7)),
                Map.of("hats", 2, "any", 9), Optional.of(LocalDate.of(2026, 12, 6)), Optional.of(LocalDate.of(2026, 12, 7)), 300);
        String encoded = LoyaltyStateCodec.encode(state);
        assertEquals("L1;r9800;s3@20794;d20793;g20794:300;cany:9,hats:2", encoded);
        assertEquals(state, LoyaltyStateCodec.decode(encoded));
    }

    @Test
    void statesTheProgramProduces_roundTrip_overALongRandomRun() {
        LoyaltyProgram program = new LoyaltyProgram(new LoyaltyRules(250, List.of(new StreakMilestone(3, Credits.of(5))),
                List.of(new StampCard("any", new StampScope.AnyPurchase(), 7, Credits.of(3)),
                        new StampCard("stickers", new StampScope.OfKind(SkuKind.STICKER), 4, Credits.of(2))),
                Credits.of(2), Credits.of(100), LoyaltyRules.allExpire(10)));
        Random random = new Random(18);
        LoyaltyState state = LoyaltyState.NONE;
        Instant at = Instant.parse("2026-12-07T00:00:00Z");
        int longest = 0;
        for (int i = 0; i < 5_000; i++) {
            at = at.plusSeconds(random.nextInt(60_000));
            switch (random.nextInt(3)) {
                case 0 -> state = program.onPurchase(state, new LoyaltyPurchase(Credits.of(random.nextInt(300)), "sku",
                        SkuKind.values()[random.nextInt(4)], at)).state();
                case 1 -> {
                    if (program.claimDaily(state, at) instanceof DailyClaim.Claimed c) {
                        state = c.state();
                    }
                }
                default -> {
                    if (program.grant(state, Credits.of(1 + random.nextInt(60)), at) instanceof GrantOutcome.Granted g) {
                        state = g.state();
                    }
                }
            }
            String encoded = LoyaltyStateCodec.encode(state);
            longest = Math.max(longest, encoded.length());
            assertEquals(state, LoyaltyStateCodec.decode(encoded), encoded);
        }
        assertTrue(longest <= 60, "longest encoding " + longest);
    }

    @Test
    void damagedValues_areRefusedLoudly() {
        for (String bad : new String[] {"", "L2", "L1;", "L1;x1", "L1;r1;r2", "L1;r-1", "L1;r10000", "L1;s3", "L1;s@5",
                "L1;s0@20794", "L1;g20794", "L1;g20794:-1", "L1;chats", "L1;chats:0", "L1;chats:1,hats:2", "L1;ra"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> LoyaltyStateCodec.decode(bad), bad);
            assertTrue(e.getMessage().startsWith("unreadable loyalty state '" + bad + "'"), e.getMessage());
        }
    }
}
