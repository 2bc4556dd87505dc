package dev.coinslot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.LogSecretScan;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /loyalty/rules} on the checkout function, with rules configured as an operator would. */
@ExtendWith(LogSecretScan.class)
@QuarkusTest
@TestProfile(LoyaltyRulesFunctionTest.Rules.class)
@WithTestResource(DynamoDbLocalResource.class)
class LoyaltyRulesFunctionTest {

    public static class Rules implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("coinslot.function", "checkout"),
                    Map.entry("coinslot.loyalty.cashback-basis-points", "150"),
                    Map.entry("coinslot.loyalty.streak-milestones", "7:50,3:20"),
                    Map.entry("coinslot.loyalty.stamp-cards.stickers.of", "kind:sticker"),
                    Map.entry("coinslot.loyalty.stamp-cards.stickers.every", "5"),
                    Map.entry("coinslot.loyalty.stamp-cards.stickers.reward-credits", "49"),
                    Map.entry("coinslot.loyalty.stamp-cards.hats.of", "sku:hat-gold"),
                    Map.entry("coinslot.loyalty.stamp-cards.hats.every", "3"),
                    Map.entry("coinslot.loyalty.stamp-cards.hats.reward-credits", "25"),
                    Map.entry("coinslot.loyalty.grant-cap-per-day", "500"),
                    Map.entry("coinslot.loyalty.expiry-days.cashback", "14"));
        }
    }

    @Test
    void rules_arePublic_andListEveryConfiguredReward_withUnitsAndExpiry() {
        Response r = LambdaApi.anonymous().get("/loyalty/rules");
        assertEquals(200, r.status(), r.body());
        assertEquals(Map.of("basisPoints", 150, "expiryDays", 14), r.json().getMap("cashback"));
        assertEquals(List.of(Map.of("atDays", 3, "credits", 20), Map.of("atDays", 7, "credits", 50)),
                r.json().getList("streak.milestones"));
        assertEquals(30, r.json().getInt("streak.expiryDays"));
        List<Map<String, Object>> cards = r.json().getList("stampCards");
        assertEquals(2, cards.size(), r.body());
        Map<String, Object> hats = cards.stream().filter(c -> "hats".equals(c.get("id"))).findFirst().orElseThrow();
        assertEquals(Map.of("id", "hats", "scope", "sku", "of", "hat-gold", "every", 3, "rewardCredits", 25, "expiryDays", 30), hats);
        Map<String, Object> stickers = cards.stream().filter(c -> "stickers".equals(c.get("id"))).findFirst().orElseThrow();
        assertEquals("kind", stickers.get("scope"));
        assertEquals("STICKER", stickers.get("of"));
        assertNull(r.json().get("dailyReward"), r.body());
        assertEquals(Map.of("capPerDayCredits", 500, "expiryDays", 30), r.json().getMap("grants"));
        assertEquals("1.5 % of every purchase back as promotional credits (fractions carry over to the next purchase),"
                + " spendable for 14 days.", r.json().getList("summary").get(0));
    }

    @Test
    void rules_withAJwt_answerTheSame() {
        Response anonymous = LambdaApi.anonymous().get("/loyalty/rules");
        Response user = LambdaApi.as("loyal-reader").get("/loyalty/rules");
        assertEquals(200, user.status());
        assertEquals(anonymous.body(), user.body());
    }

    @Test
    void rules_otherMethodsAndPaths_andQueryJunk_areProblemsOrIgnored() {
        for (String method : new String[] {"POST", "PUT", "DELETE"}) {
            Response r = LambdaApi.as("loyal-writer").send(method, "/loyalty/rules", Map.of("Content-Type", "application/json"),
                    "{\"cashbackBasisPoints\":10000}", Map.of());
            // RouteGuard: the function serves GET /loyalty/rules only; any other method is no route here
            assertEquals(404, r.status(), method + " " + r.body());
            assertEquals("https://coinslot.dev/problems/not-found", r.json().getString("type"));
        }
        Response deeper = LambdaApi.anonymous().get("/loyalty/rules/cashback");
        assertEquals(404, deeper.status(), deeper.body());
        assertEquals("https://coinslot.dev/problems/not-found", deeper.json().getString("type"));
        Response junk = LambdaApi.anonymous().send("GET", "/loyalty/rules", Map.of(), null,
                Map.of("cashbackBasisPoints", "10000", "user", "%27%20OR%201%3D1", "q", "'"));
        assertEquals(200, junk.status());
        assertEquals(LambdaApi.anonymous().get("/loyalty/rules").body(), junk.body());
    }
}
