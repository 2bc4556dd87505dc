package dev.coinslot.domain.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.domain.Catalog;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.InvalidConfigurationException;
import dev.coinslot.domain.Purchase;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.ownership.Ownership.Acquisition;
import dev.coinslot.domain.ownership.Ownership.GrantLine;
import dev.coinslot.domain.ownership.Ownership.RefundAllowance;
import dev.coinslot.domain.ownership.Ownership.RefundCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ownership rules on plain values: grants, already-owned, pass extension at its exact end, refunds, the limit. */
class OwnershipTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00.123Z");
    private static final Duration DAY = Duration.ofDays(1);

    private static Sku item(String id, Grant grant) {
        return new Sku(id, id, SkuKind.STICKER, Credits.of(10), List.of(), Optional.of(grant));
    }

    private static Entitlement pass(Instant end, long version) {
        return new Entitlement("u", "pass", EntitlementType.PASS, 1, Optional.of(end), NOW.minus(DAY), "pur_a", version);
    }

    @Test
    void grantParsing_acceptsTheThreeSpellings_andRefusesOthers() {
        assertEquals(Optional.of(new Grant.Permanent()), Grant.parse("permanent"));
        assertEquals(Optional.of(new Grant.Pass(Duration.ofHours(1))), Grant.parse("pass:PT1H"));
        assertEquals(Optional.of(new Grant.Consumable(1)), Grant.parse("consumable"));
        assertEquals(Optional.of(new Grant.Consumable(5)), Grant.parse(" Consumable:5 "));
        for (String bad : new String[] {"", "forever", "pass", "pass:1D", "pass:PT0S", "pass:-PT1H", "consumable:0",
                "consumable:x", "pass:P99999D"}) {
            assertTrue(Grant.parse(bad).isEmpty(), bad);
        }
    }

    @Test
    void catalog_requiresAGrantOnEveryItemButBundles_andNoneOnBundles() {
        Sku noGrant = new Sku("a", "A", SkuKind.ARTICLE, Credits.of(5), List.of(), Optional.empty());
        Sku bundleWithGrant = new Sku("b", "B", SkuKind.BUNDLE, Credits.of(5), List.of(new Sku.BundleItem("c", 1)),
                Optional.of(new Grant.Permanent()));
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> Catalog.of(List.of(noGrant, bundleWithGrant, item("c", new Grant.Consumable(1)))));
        assertTrue(e.getMessage().contains("'a': says nothing about what it grants"), e.getMessage());
        assertTrue(e.getMessage().contains("'b': grants what its items grant"), e.getMessage());
    }

    @Test
    void bundle_grantsItsItems_timesTheQuantity_mergingRepeats() {
        Sku cat = item("cat", new Grant.Consumable(2));
        Sku hat = item("hat", new Grant.Permanent());
        Sku pack = new Sku("pack", "Pack", SkuKind.BUNDLE, Credits.of(30),
                List.of(new Sku.BundleItem("cat", 3), new Sku.BundleItem("hat", 1), new Sku.BundleItem("cat", 1)));
        Catalog catalog = Catalog.of(List.of(cat, hat, pack));
        assertEquals(List.of(new GrantLine("cat", new Grant.Consumable(2), 8), new GrantLine("hat", new Grant.Permanent(), 2)),
                Ownership.grantsOf(catalog, pack, 2));
        Acquisition.Acquire once = (Acquisition.Acquire) Ownership.acquire(Ownership.grantsOf(catalog, pack, 1), Map.of(), NOW);
        assertEquals(new Granted("cat", EntitlementType.CONSUMABLE, 8, Optional.empty(), Optional.empty()), once.grants().get(0));
        assertEquals(List.of(new EntitlementChange.Add("cat", 8), new EntitlementChange.Own("hat")), once.changes());
        assertInstanceOf(Acquisition.NotStackable.class, Ownership.acquire(Ownership.grantsOf(catalog, pack, 2), Map.of(), NOW));
    }

    @Test
    void permanent_ownedIsRefused_revokedCanBeBoughtAgain() {
        List<GrantLine> hat = List.of(new GrantLine("hat", new Grant.Permanent(), 1));
        Entitlement owned = new Entitlement("u", "hat", EntitlementType.PERMANENT, 1, Optional.empty(), NOW, "pur_a", 1);
        assertEquals(new Acquisition.AlreadyOwned("hat"), Ownership.acquire(hat, Map.of("hat", owned), NOW));
        Entitlement revoked = new Entitlement("u", "hat", EntitlementType.PERMANENT, 0, Optional.empty(), NOW, "pur_a", 2);
        assertInstanceOf(Acquisition.Acquire.class, Ownership.acquire(hat, Map.of("hat", revoked), NOW));
    }

    @Test
    void pass_atItsExactEnd_isOver_andANewOneStartsNow_justBeforeItIsExtended() {
        List<GrantLine> twoDays = List.of(new GrantLine("pass", new Grant.Pass(DAY), 2));
        // one millisecond before the end: active, extended from the end
        Instant end = NOW.plusMillis(1);
        Acquisition.Acquire extended = (Acquisition.Acquire) Ownership.acquire(twoDays, Map.of("pass", pass(end, 3)), NOW);
        assertEquals(new EntitlementChange.ExtendPass("pass", Optional.of(end), end.plus(DAY.multipliedBy(2)), NOW),
                extended.changes().get(0));
        assertEquals(Optional.of(end.plus(DAY.multipliedBy(2))), extended.grants().get(0).activeUntil());
        assertEquals(Optional.of(DAY.multipliedBy(2)), extended.grants().get(0).passTime());
        // exactly at the end: not active any more (the end is exclusive), so it starts from now
        assertFalse(pass(NOW, 3).isActive(NOW));
        Acquisition.Acquire atEnd = (Acquisition.Acquire) Ownership.acquire(twoDays, Map.of("pass", pass(NOW, 3)), NOW);
        assertEquals(new EntitlementChange.ExtendPass("pass", Optional.empty(), NOW.plus(DAY.multipliedBy(2)), NOW),
                atEnd.changes().get(0));
        // after the end: from now as well
        Acquisition.Acquire after = (Acquisition.Acquire) Ownership.acquire(twoDays,
                Map.of("pass", pass(NOW.minusMillis(1), 3)), NOW);
        assertEquals(Optional.empty(), ((EntitlementChange.ExtendPass) after.changes().get(0)).expectedEnd());
        // sub-millisecond clocks are cut to the millisecond the store keeps
        Acquisition.Acquire fine = (Acquisition.Acquire) Ownership.acquire(twoDays, Map.of(), NOW.plusNanos(999_999));
        assertEquals(NOW.plus(DAY.multipliedBy(2)), fine.grants().get(0).activeUntil().orElseThrow());
    }

    private static PurchaseRecord bought(Instant at, Granted... grants) {
        return new PurchaseRecord(new Purchase("pur_b", "u", "x", 1, Credits.of(10), Credits.of(10), Credits.of(90), at)
                .withGrants(List.of(grants)), PurchaseStatus.COMPLETED, Optional.empty());
    }

    @Test
    void refund_onlyWithinTheWindow_onlyOnce_andOnlyWhileUnused() {
        Duration window = Duration.ofMinutes(15);
        Granted three = new Granted("cat", EntitlementType.CONSUMABLE, 3, Optional.empty(), Optional.empty());
        Entitlement cats = new Entitlement("u", "cat", EntitlementType.CONSUMABLE, 3, Optional.empty(), NOW, "pur_b", 4);
        RefundCheck ok = Ownership.refund(bought(NOW, three), Map.of("cat", cats), NOW.plus(window).minusMillis(1), window);
        assertEquals(new RefundCheck.Refundable(List.of(new EntitlementChange.Replace(
                new Entitlement("u", "cat", EntitlementType.CONSUMABLE, 0, Optional.empty(), NOW, "pur_b", 5)))), ok);
        assertEquals(new RefundCheck.WindowClosed(NOW.plus(window)),
                Ownership.refund(bought(NOW, three), Map.of("cat", cats), NOW.plus(window), window));
        Entitlement used = new Entitlement("u", "cat", EntitlementType.CONSUMABLE, 2, Optional.empty(), NOW, "pur_b", 5);
        assertEquals(new RefundCheck.AlreadyUsed("cat"), Ownership.refund(bought(NOW, three), Map.of("cat", used), NOW, window));
        assertEquals(new RefundCheck.AlreadyUsed("cat"), Ownership.refund(bought(NOW, three), Map.of(), NOW, window));
        PurchaseRecord refunded = new PurchaseRecord(bought(NOW, three).purchase(), PurchaseStatus.REFUNDED, Optional.of(NOW));
        assertEquals(new RefundCheck.AlreadyRefunded(), Ownership.refund(refunded, Map.of("cat", cats), NOW, window));
        assertEquals(Optional.empty(), refunded.refundableUntil(window, NOW));
        assertEquals(Optional.of(NOW.plus(window)), bought(NOW, three).refundableUntil(window, NOW));
    }

    @Test
    void refund_ofAnUnlock_onlyByThePurchaseHoldingIt_andOfAPass_takesBackItsTime() {
        Duration window = Duration.ofMinutes(15);
        Granted hat = new Granted("hat", EntitlementType.PERMANENT, 1, Optional.empty(), Optional.empty());
        Entitlement heldByOther = new Entitlement("u", "hat", EntitlementType.PERMANENT, 1, Optional.empty(), NOW, "pur_z", 1);
        assertEquals(new RefundCheck.AlreadyUsed("hat"), Ownership.refund(bought(NOW, hat), Map.of("hat", heldByOther), NOW, window));
        Entitlement held = new Entitlement("u", "hat", EntitlementType.PERMANENT, 1, Optional.empty(), NOW, "pur_b", 1);
        RefundCheck.Refundable r = (RefundCheck.Refundable) Ownership.refund(bought(NOW, hat), Map.of("hat", held), NOW, window);
        assertEquals(0, ((EntitlementChange.Replace) r.changes().get(0)).after().quantity());

        Instant end = NOW.plus(DAY.multipliedBy(3));
        Granted day = new Granted("pass", EntitlementType.PASS, 1, Optional.of(DAY), Optional.of(end));
        RefundCheck.Refundable p = (RefundCheck.Refundable) Ownership.refund(bought(NOW, day), Map.of("pass", pass(end, 7)), NOW,
                window);
        Entitlement after = ((EntitlementChange.Replace) p.changes().get(0)).after();
        assertEquals(Optional.of(end.minus(DAY)), after.activeUntil());
        assertEquals(8, after.version());
    }

    @Test
    void refundLimit_countsTheLast30Days_andSaysWhenTheNextIsPossible() {
        List<Instant> three = List.of(NOW.minus(Duration.ofDays(29)), NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)));
        assertEquals(new RefundAllowance.LimitReached(3, NOW.minus(Duration.ofDays(29)).plus(Duration.ofDays(30))),
                Ownership.allowRefund(three, 3, NOW));
        List<Instant> oneExpired = List.of(NOW.minus(Duration.ofDays(31)), NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)));
        RefundAllowance.Allowed allowed = (RefundAllowance.Allowed) Ownership.allowRefund(oneExpired, 3, NOW);
        assertEquals(List.of(NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)), NOW), allowed.countedAfter());
        assertInstanceOf(RefundAllowance.LimitReached.class, Ownership.allowRefund(List.of(), 0, NOW));
    }
}
