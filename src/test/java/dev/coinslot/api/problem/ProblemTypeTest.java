package dev.coinslot.api.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The problem catalogue: the slugs README's API section documents, one status and title each, all 4xx or 5xx. */
class ProblemTypeTest {

    /** Every slug README's "API" section documents, written out so that renaming or dropping one fails here. */
    private static final Set<String> DOCUMENTED = Set.of(
            "bad-request", "invalid-header", "malformed-uri", "malformed-request", "invalid-request",
            "missing-idempotency-key", "invalid-idempotency-key", "unauthorized", "forbidden", "not-found",
            "method-not-allowed", "not-acceptable", "payload-too-large", "unsupported-media-type",
            "idempotency-key-reuse",
            "insufficient-credits", "spend-limit-reached", "authentication-required", "card-declined",
            "auto-top-up-cap-reached", "unknown-sku", "price-changed", "wallet-frozen", "wallet-busy",
            "auto-top-up-pending", "unknown-pack", "unsupported-currency", "too-many-top-ups", "payments-not-configured", "invalid-limit",
            "invalid-cursor", "limits-managed-by-guardian", "no-saved-card", "invalid-monthly-cap",
            "guardian-already-linked", "invalid-invite-code", "invalid-user-id", "invalid-managed", "not-guardian",
            "invite-not-found", "own-invite", "daily-reward-not-offered", "grant-above-cap", "grant-reference-reuse",
            "grant-cap-reached", "invalid-signature", "malformed-event", "event-deferred",
            "incorrect-card-number", "expired-card", "internal-error", "service-unavailable", "payments-unavailable",
            "invalid-catalog", "unknown-experiment", "experiment-started", "experiment-overlaps", "invalid-experiment",
            "already-owned", "not-entitled", "insufficient-quantity", "not-consumable", "purchase-not-found",
            "already-refunded", "already-used", "refund-window-closed", "refund-limit-reached", "invalid-period",
            "invalid-group-by");

    /** The two slugs answered with two variants each (README documents both uses); every other slug has one entry. */
    private static final Map<ProblemType, ProblemType> VARIANTS = Map.of(
            ProblemType.MALFORMED_BODY_ENCODING, ProblemType.MALFORMED_REQUEST,
            ProblemType.UNKNOWN_PACK_SETTING, ProblemType.UNKNOWN_PACK);

    @Test
    void slugsAreExactlyTheDocumentedOnes() {
        Set<String> slugs = Arrays.stream(ProblemType.values()).map(ProblemType::slug)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(DOCUMENTED), slugs);
    }

    @Test
    void eachSlugHasOneEntryExceptTheNamedVariants() {
        Map<String, Long> entries = Arrays.stream(ProblemType.values())
                .collect(Collectors.groupingBy(ProblemType::slug, Collectors.counting()));
        Set<String> shared = entries.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("malformed-request", "unknown-pack")), shared);
        assertTrue(entries.values().stream().allMatch(n -> n <= 2), entries.toString());
        VARIANTS.forEach((variant, main) -> assertEquals(main.slug(), variant.slug(), variant.name()));
        assertEquals(ProblemType.MALFORMED_REQUEST.status(), ProblemType.MALFORMED_BODY_ENCODING.status());
        assertEquals(ProblemType.UNKNOWN_PACK.title(), ProblemType.UNKNOWN_PACK_SETTING.title());
    }

    @Test
    void statusesAreClientOrServerErrorsAndTitlesAreSet() {
        for (ProblemType type : ProblemType.values()) {
            assertTrue(type.status() >= 400 && type.status() <= 599, type + " " + type.status());
            assertFalse(type.title().isBlank(), type.name());
            assertTrue(type.slug().matches("[a-z]+(-[a-z]+)*"), type.slug());
        }
    }

    @Test
    void problemsCarryTheCataloguedTypeStatusAndTitle() {
        for (ProblemType type : ProblemType.values()) {
            Problem problem = type.problem("detail");
            assertEquals(Problem.TYPE_BASE + type.slug(), problem.type());
            assertEquals(type.status(), problem.status());
            assertEquals(type.title(), problem.title());
            assertEquals("detail", problem.detail());
            assertTrue(problem.extensions().isEmpty());
        }
        assertEquals(ProblemType.NOT_FOUND, ProblemType.ofFrameworkStatus(404));
        assertEquals(ProblemType.UNSUPPORTED_MEDIA_TYPE, ProblemType.ofFrameworkStatus(415));
        assertEquals(ProblemType.BAD_REQUEST, ProblemType.ofFrameworkStatus(409));
    }

    /** Docs and code agree both ways: README names every catalogued slug, and every slug README names is catalogued. */
    @Test
    void readmeApiSectionDocumentsTheSameSlugs() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## API\n");
        assertTrue(start >= 0, "README has an API section");
        int end = readme.indexOf("\n## ", start + 1);
        String api = readme.substring(start, end < 0 ? readme.length() : end);
        for (ProblemType type : ProblemType.values()) {
            String slug = type.slug();
            assertTrue(api.contains("`" + slug + "`") || api.contains("`" + type.status() + " " + slug + "`"),
                    "README's API section names " + type.slug());
        }
        Set<String> named = new TreeSet<>();
        // "`503 wallet-busy`" anywhere, and "`wallet-busy`" in the problem types column of the table
        Matcher withStatus = Pattern.compile("`[45]\\d\\d ([a-z]+(?:-[a-z]+)*)`").matcher(api);
        while (withStatus.find()) {
            named.add(withStatus.group(1));
        }
        for (String line : api.lines().filter(l -> l.startsWith("| `")).toList()) {
            // the last column, without the parenthesised extension fields ("`card-declined` (`topUpId`, ...)")
            String problems = line.substring(line.lastIndexOf(" | ") + 3).replaceAll("\\([^)]*\\)", "");
            Matcher slug = Pattern.compile("\\d{3} `([a-z]+(?:-[a-z]+)*)`|, `([a-z]+(?:-[a-z]+)*)`").matcher(problems);
            while (slug.find()) {
                named.add(slug.group(1) != null ? slug.group(1) : slug.group(2));
            }
        }
        assertEquals(new TreeSet<>(DOCUMENTED), named);
    }

    /** Each field a type declares is named in README's API section beside its slug ("`slug` (`field`, ...)"). */
    @Test
    void readmeNamesEachDeclaredFieldBesideItsSlug() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String api = readme.substring(readme.indexOf("\n## API\n"), readme.indexOf("\n## Data model"));
        for (ProblemType type : ProblemType.values()) {
            for (String field : type.fields()) {
                Pattern beside = Pattern.compile("`" + type.slug() + "` \\([^)]*`" + field + "[`:]");
                assertTrue(beside.matcher(api).find(), "README names " + field + " beside " + type.slug());
            }
        }
    }

    @Test
    void aProblemCarriesOnlyTheFieldsItsTypeDeclares() {
        Problem problem = ProblemType.INSUFFICIENT_CREDITS.problem("d").with("shortfallCredits", 5L);
        assertEquals(Map.of("shortfallCredits", 5L), problem.extensions());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ProblemType.INSUFFICIENT_CREDITS.problem("d").with("topUpId", "t"));
        assertTrue(refused.getMessage().contains("topUpId"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProblemType.WALLET_BUSY.problem("d").with("sku", "x"));
        // a slug's variants declare the same fields
        assertEquals(ProblemType.UNKNOWN_PACK.fields(), ProblemType.UNKNOWN_PACK_SETTING.fields());
    }
}
