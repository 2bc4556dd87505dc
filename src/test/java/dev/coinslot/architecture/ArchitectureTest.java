package dev.coinslot.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the money rules free of infrastructure: domain/ and application/ import no AWS, Stripe or JAX-RS type. */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/dev/coinslot");
    private static final List<String> FORBIDDEN = List.of("software.amazon", "com.amazonaws", "com.stripe", "jakarta.ws.rs",
            "com.fasterxml.jackson", "io.vertx");

    private static List<String> violations(String layer, List<String> forbidden) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve(layer))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    String trimmed = line.trim();
                    if (trimmed.startsWith("import ")) {
                        for (String prefix : forbidden) {
                            if (trimmed.contains(" " + prefix + ".") || trimmed.contains("static " + prefix + ".")) {
                                found.add(file + ": " + trimmed);
                            }
                        }
                    } else if (forbidden.stream().anyMatch(p -> trimmed.contains(p + "."))
                            && !trimmed.startsWith("*") && !trimmed.startsWith("//")) {
                        found.add(file + " (fully-qualified use): " + trimmed);
                    }
                }
            }
        }
        return found;
    }

    @Test
    void domain_importsNoInfrastructure() throws IOException {
        assertEquals(List.of(), violations("domain", FORBIDDEN));
    }

    @Test
    void application_importsNoInfrastructure() throws IOException {
        assertEquals(List.of(), violations("application", FORBIDDEN));
    }

    @Test
    void onlyTheDynamoDbAdapterImportsTheAwsSdk() throws IOException {
        for (String layer : List.of("api", "config", "adapter/stripe")) {
            if (Files.isDirectory(MAIN.resolve(layer))) {
                assertEquals(List.of(), violations(layer, List.of("software.amazon")), layer);
            }
        }
    }

    /** The secrets adapter uses the SDK's signer and HTTP client only: no Stripe, no DynamoDB, no JAX-RS. */
    @Test
    void theSecretsAdapter_importsNoStripeNorDynamoDb() throws IOException {
        assertEquals(List.of(), violations("adapter/secrets", List.of("com.stripe", "software.amazon.awssdk.services",
                "jakarta.ws.rs", "io.vertx")));
    }

    @Test
    void theCheckDetectsAViolation() throws IOException {
        Path probe = MAIN.resolve("domain");
        assertFalse(violations("adapter/dynamodb", List.of("software.amazon")).isEmpty(),
                "the scanner must find the SDK imports that adapter/dynamodb legitimately has");
        assertEquals(true, Files.isDirectory(probe));
    }
}
