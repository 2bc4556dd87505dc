package dev.coinslot.api.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Sku;
import dev.coinslot.domain.ownership.Grant;
import dev.coinslot.domain.SkuKind;
import dev.coinslot.domain.store.CatalogDocument;
import dev.coinslot.domain.store.ChanceOutcome;
import dev.coinslot.domain.store.Offer;
import dev.coinslot.domain.store.Rotation;
import dev.coinslot.domain.store.Segment;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog document as the admin routes read and write it (JSON), and its translation to the domain. Text that
 * does not name a kind, segment or instant is collected as a problem (answered {@code 422 invalid-catalog} with the
 * catalog rules' own problems), not thrown one at a time.
 */
public final class CatalogDocs {

    private CatalogDocs() {
    }

    public record BundleItemDoc(@NotNull @Size(max = 64) String sku, @NotNull Integer quantity) {
    }

    public record OutcomeDoc(@NotNull @Size(max = 64) String sku, @NotNull Integer weight) {
    }

    /**
     * One SKU; {@code sku} is its id (from the path in {@code PUT /admin/catalog/skus/{sku}}, where the body has none).
     * {@code segments} empty or absent: everyone. {@code grants}: what one unit grants ({@code permanent},
     * {@code pass:<ISO-8601 duration>}, {@code consumable[:quantity]}); absent: one unit to use up (bundles and chances
     * grant what their items or outcome grant).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SkuDoc(@Size(max = 64) String sku, @NotNull @Size(max = 200) String name, @NotNull @Size(max = 16) String kind,
            @NotNull Long priceCredits, @Size(max = 100) List<@Valid @NotNull BundleItemDoc> items,
            @Size(max = 3) List<@NotNull @Size(max = 16) String> segments,
            @Size(max = 100) List<@Valid @NotNull OutcomeDoc> outcomes, Boolean retired, @Size(max = 64) String grants) {

        static SkuDoc of(Sku sku) {
            return new SkuDoc(sku.id(), sku.displayName(), sku.kind().name().toLowerCase(Locale.ROOT), sku.price().amount(),
                    sku.contents().stream().map(i -> new BundleItemDoc(i.skuId(), i.quantity())).toList(),
                    slugs(sku.segments()), sku.outcomes().stream().map(o -> new OutcomeDoc(o.skuId(), o.weight())).toList(),
                    sku.retired(), sku.grant().map(Grant::spelling).orElse(null));
        }

        SkuDoc withId(String id) {
            return new SkuDoc(id, name, kind, priceCredits, items, segments, outcomes, retired, grants);
        }
    }

    /** An offer; instants are ISO-8601 UTC ({@code 2026-12-24T00:00:00Z}); {@code perUserLimit} absent: no limit. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OfferDoc(@NotNull @Size(max = 64) String offerId, @NotNull @Size(max = 64) String sku,
            @NotNull Long priceCredits, @NotNull @Size(max = 40) String startsAt, @NotNull @Size(max = 40) String endsAt,
            Integer perUserLimit, @Size(max = 3) List<@NotNull @Size(max = 16) String> segments) {

        static OfferDoc of(Offer o) {
            return new OfferDoc(o.offerId(), o.skuId(), o.priceCredits().amount(), o.startsAt().toString(),
                    o.endsAt().toString(), o.perUserLimit().orElse(null), slugs(o.segments()));
        }
    }

    /** Featured slots: {@code slots} SKUs of {@code pool}, drawn anew every {@code periodHours} (default 24: daily). */
    public record RotationDoc(@NotNull @Size(max = 1000) List<@NotNull @Size(max = 64) String> pool, @NotNull Integer slots,
            Integer periodHours) {

        static RotationDoc of(Rotation r) {
            return new RotationDoc(r.pool(), r.slots(), (int) r.period().toHours());
        }
    }

    /** The body of {@code PUT /admin/catalog}: a whole catalog document. */
    public record CatalogBody(@NotNull @Size(max = 1000) List<@Valid @NotNull SkuDoc> skus,
            @Size(max = 200) List<@Valid @NotNull OfferDoc> offers, @Valid RotationDoc rotation) {
    }

    /** A catalog document as stored, with its version (0: the file catalog, never changed by the operator). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CatalogView(long version, List<SkuDoc> skus, List<OfferDoc> offers, RotationDoc rotation) {

        static CatalogView of(CatalogDocument d) {
            return new CatalogView(d.version(), d.catalog().skus().stream().map(SkuDoc::of).toList(),
                    d.offers().stream().map(OfferDoc::of).toList(), d.rotation().map(RotationDoc::of).orElse(null));
        }
    }

    /** What a request's text says, or what in it names nothing (kinds, segments, instants). */
    record Parsed<T>(T value, List<String> problems) {
    }

    static Parsed<Sku> sku(SkuDoc doc) {
        List<String> problems = new ArrayList<>();
        Sku sku = toSku(doc, problems);
        return new Parsed<>(sku, problems);
    }

    record Document(List<Sku> skus, List<Offer> offers, Optional<Rotation> rotation) {
    }

    static Parsed<Document> document(CatalogBody body) {
        List<String> problems = new ArrayList<>();
        List<Sku> skus = new ArrayList<>();
        for (SkuDoc doc : body.skus()) {
            if (doc.sku() == null) {
                problems.add("a sku has no id");
                continue;
            }
            skus.add(toSku(doc, problems));
        }
        List<Offer> offers = new ArrayList<>();
        for (OfferDoc doc : body.offers() == null ? List.<OfferDoc>of() : body.offers()) {
            Instant starts = instant(doc.startsAt(), "offer '" + doc.offerId() + "': startsAt", problems);
            Instant ends = instant(doc.endsAt(), "offer '" + doc.offerId() + "': endsAt", problems);
            offers.add(new Offer(doc.offerId(), doc.sku(), Credits.of(doc.priceCredits()), starts, ends,
                    Optional.ofNullable(doc.perUserLimit()), segments(doc.segments(), "offer '" + doc.offerId() + "'", problems)));
        }
        Optional<Rotation> rotation = Optional.ofNullable(body.rotation()).map(r -> new Rotation(r.pool(), r.slots(),
                Duration.ofHours(r.periodHours() == null ? 24 : Math.max(0, Math.min(r.periodHours(), 100_000)))));
        return new Parsed<>(new Document(skus, offers, rotation), problems);
    }

    private static Sku toSku(SkuDoc doc, List<String> problems) {
        String name = "sku '" + doc.sku() + "'";
        SkuKind kind = SkuKind.STICKER;
        try {
            kind = SkuKind.valueOf(doc.kind().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(name + ": unknown kind '" + doc.kind() + "' (expected one of " + kinds() + ")");
        }
        Optional<Grant> grant = Sku.defaultGrant(kind);
        if (doc.grants() != null) {
            grant = Grant.parse(doc.grants());
            if (grant.isEmpty()) {
                problems.add(name + ": bad grants '" + doc.grants() + "' (expected permanent, pass:<ISO-8601 duration> or "
                        + "consumable[:quantity])");
            }
        }
        return new Sku(doc.sku(), doc.name(), kind, Credits.of(doc.priceCredits()),
                doc.items() == null ? List.of() : doc.items().stream().map(i -> bundleItem(name, i, problems)).toList(),
                Boolean.TRUE.equals(doc.retired()), segments(doc.segments(), name, problems),
                doc.outcomes() == null ? List.of() : doc.outcomes().stream().map(o -> new ChanceOutcome(o.sku(), o.weight())).toList(),
                grant);
    }

    private static Sku.BundleItem bundleItem(String name, BundleItemDoc item, List<String> problems) {
        if (item.quantity() < 1 || item.quantity() > 1_000) {
            problems.add(name + ": bundle item '" + item.sku() + "' quantity must be between 1 and 1000");
            return new Sku.BundleItem(item.sku(), 1);
        }
        return new Sku.BundleItem(item.sku(), item.quantity());
    }

    private static Set<Segment> segments(List<String> slugs, String name, List<String> problems) {
        Set<Segment> out = new LinkedHashSet<>();
        for (String slug : slugs == null ? List.<String>of() : slugs) {
            Segment.ofSlug(slug).ifPresentOrElse(out::add, () -> problems.add(name + ": unknown segment '" + slug
                    + "' (expected new, returning or high-spender)"));
        }
        return out;
    }

    private static Instant instant(String text, String name, List<String> problems) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(name + " must be an ISO-8601 UTC instant such as 2026-12-24T00:00:00Z");
            return Instant.EPOCH;
        }
    }

    static List<String> slugs(Set<Segment> segments) {
        return segments.stream().map(Segment::slug).sorted().toList();
    }

    private static List<String> kinds() {
        return java.util.Arrays.stream(SkuKind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList();
    }
}
