package dev.coinslot.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same suite against the packaged application (the JVM build here; the native binary with -Dnative). */
@QuarkusIntegrationTest
class CheckoutConcurrencyIT extends CheckoutConcurrencyTest {
}
