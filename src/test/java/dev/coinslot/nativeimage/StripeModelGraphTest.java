package dev.coinslot.nativeimage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The graph walk behind the native readiness check finds what Gson needs, and only that. */
class StripeModelGraphTest {

    @Test
    void walk_includesNestedClassesSuperclassesAndFieldTypes_butNotUnexpandedObjects() {
        Set<String> found = StripeModelGraph.reachableFrom(NativeReadinessTest.STRIPE_ROOTS);
        assertTrue(found.contains("com.stripe.model.PaymentIntent$NextAction"), "nested class");
        assertTrue(found.contains("com.stripe.model.PaymentIntent$NextAction$RedirectToUrl"), "nested of nested");
        assertTrue(found.contains("com.stripe.model.StripeObject"), "superclass");
        assertTrue(found.contains("com.stripe.param.PaymentIntentCreateParams$AutomaticPaymentMethods"), "param");
        assertTrue(found.contains("com.stripe.model.ExpandableField"), "expandable wrapper");
        assertFalse(found.contains("com.stripe.model.Invoice"), "not expanded, never parsed");
    }

    /**
     * The roots are written by hand; this keeps them honest: every stripe-java model or params class the compiled
     * application refers to (read from its class files' constant pools) must be reachable from them, so a new Stripe
     * call cannot slip past the native registration check.
     */
    @Test
    void roots_coverEveryStripeModelAndParamsClassTheApplicationReferences() throws IOException {
        Pattern reference = Pattern.compile("com/stripe/(model|param)/[A-Za-z0-9_$/]+");
        Set<String> referenced = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("target/classes/dev/coinslot"))) {
            // StripeReflection is the registration under test, not a user of the classes
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("StripeReflection.class")).toList()) {
                Matcher m = reference.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    referenced.add(m.group().replace('/', '.'));
                }
            }
        }
        assertTrue(referenced.contains("com.stripe.param.PaymentIntentConfirmParams"), "the scan sees the code's params: " + referenced);
        Set<String> reachable = StripeModelGraph.reachableFrom(NativeReadinessTest.STRIPE_ROOTS);
        Set<String> missing = new TreeSet<>(referenced);
        missing.removeAll(reachable);
        assertTrue(missing.isEmpty(), "referenced by the code but not reachable from NativeReadinessTest.STRIPE_ROOTS: " + missing);
    }
}
