package dev.coinslot.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Dev mode's {@code X-Demo-User} header is validated like a JWT subject (the bean exists in dev builds only). */
class DemoIdentityTest {

    @Test
    void header_isTheCaller_whenItCouldBeAJwtSubject() {
        assertEquals(Optional.of("alice"), DemoIdentity.resolve(" alice ", "demo-user"));
        assertEquals(Optional.of("demo-user"), DemoIdentity.resolve(null, "demo-user"));
        assertEquals(Optional.of("demo-user"), DemoIdentity.resolve("  ", "demo-user"));
    }

    @Test
    void header_thatNoJwtSubjectCouldBe_isNoCaller() {
        assertEquals(Optional.empty(), DemoIdentity.resolve("x".repeat(3_000), "demo-user"));
        assertEquals(Optional.empty(), DemoIdentity.resolve("x".repeat(201), "demo-user"));
        assertEquals(Optional.empty(), DemoIdentity.resolve("a\u0007b", "demo-user"));
    }
}
