package dev.coinslot.nativeimage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
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
}
