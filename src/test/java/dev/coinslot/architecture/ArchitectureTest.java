package dev.coinslot.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Layer rules, checked on the compiled classes (every reference counts: imports, fully-qualified names, signatures,
 * annotations), so the money rules stay free of infrastructure without anyone remembering it.
 */
class ArchitectureTest {

    private static final String BASE = "dev.coinslot";
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    /** The domain is the shared ground floor: values and rules in plain Java. */
    static final ArchRule DOMAIN_IS_PLAIN_JAVA = noClasses().that().resideInAPackage(BASE + ".domain..")
            .should().dependOnClassesThat().resideOutsideOfPackages("java..", BASE + ".domain..")
            .as("domain depends on nothing outside java.* and itself");

    /** Use cases speak ports and domain types; infrastructure stays behind the adapters and the edge. */
    static final ArchRule APPLICATION_HAS_NO_INFRASTRUCTURE = noClasses().that().resideInAPackage(BASE + ".application..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "software.amazon..", "com.amazonaws..", "com.stripe..", "jakarta.ws.rs..", "io.vertx..",
                    "com.fasterxml.jackson..", "io.quarkus..", BASE + ".adapter..", BASE + ".api..")
            .as("application depends on no AWS, Stripe, JAX-RS, Vert.x, Jackson, Quarkus, adapter or api type");

    /** Services get plain settings records ({@code application.ServiceSettings}), built from configuration elsewhere. */
    static final ArchRule APPLICATION_READS_NO_CONFIG = noClasses().that().resideInAPackage(BASE + ".application..")
            .should().dependOnClassesThat().resideInAPackage(BASE + ".config..")
            .as("application depends on nothing in config");

    static final ArchRule ONLY_THE_DYNAMODB_ADAPTER_USES_DYNAMODB = noClasses()
            .that().resideOutsideOfPackages(BASE + ".adapter.dynamodb..", BASE + ".dev..")
            .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk.services.dynamodb..")
            .as("only adapter.dynamodb (and the dev-only embedded DynamoDB Local) use the DynamoDB SDK");

    static final ArchRule ONLY_THE_STRIPE_ADAPTER_USES_STRIPE = noClasses()
            .that().resideOutsideOfPackage(BASE + ".adapter.stripe..")
            .should().dependOnClassesThat().resideInAPackage("com.stripe..")
            .as("only adapter.stripe uses stripe-java");

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching(BASE + ".(*)..").should().beFreeOfCycles();

    /** Capability rooms (checkout, topup, reconciliation, wallet, ...) depend on each other one way only. */
    static final ArchRule NO_APPLICATION_ROOM_CYCLES = slices().matching(BASE + ".application.(*)..").should().beFreeOfCycles();

    static final ArchRule NO_API_ROOM_CYCLES = slices().matching(BASE + ".api.(*)..").should().beFreeOfCycles();

    /** Problems are the edge's shared vocabulary: they know no resource and no Lambda plumbing. */
    static final ArchRule PROBLEMS_KNOW_NO_RESOURCE = noClasses().that().resideInAPackage(BASE + ".api.problem..")
            .should().dependOnClassesThat(resideInAPackage(BASE + ".api..").and(not(resideInAPackage(BASE + ".api.problem.."))))
            .as("api.problem depends on no other api package");

    @Test
    void domain_dependsOnlyOnJava() {
        DOMAIN_IS_PLAIN_JAVA.check(main);
    }

    @Test
    void application_dependsOnNoInfrastructure() {
        APPLICATION_HAS_NO_INFRASTRUCTURE.check(main);
    }

    @Test
    void application_dependsOnNoConfig() {
        APPLICATION_READS_NO_CONFIG.check(main);
    }

    @Test
    void onlyTheDynamoDbAdapter_usesTheDynamoDbSdk() {
        ONLY_THE_DYNAMODB_ADAPTER_USES_DYNAMODB.check(main);
    }

    @Test
    void onlyTheStripeAdapter_usesStripeJava() {
        ONLY_THE_STRIPE_ADAPTER_USES_STRIPE.check(main);
    }

    /** The secrets adapter uses the SDK's signer and HTTP client only: no Stripe, no AWS service client, no JAX-RS. */
    static final ArchRule SECRETS_ADAPTER_IS_SIGNER_ONLY = noClasses().that().resideInAPackage(BASE + ".adapter.secrets..")
            .should().dependOnClassesThat().resideInAnyPackage("com.stripe..", "software.amazon.awssdk.services..",
                    "jakarta.ws.rs..", "io.vertx..")
            .as("adapter.secrets uses no Stripe, no AWS service client, no JAX-RS, no Vert.x");

    @Test
    void theSecretsAdapter_usesNoStripeNorServiceClients() {
        SECRETS_ADAPTER_IS_SIGNER_ONLY.check(main);
    }

    @Test
    void topLevelPackages_haveNoCycles() {
        NO_PACKAGE_CYCLES.check(main);
    }

    @Test
    void capabilityRooms_haveNoCycles() {
        NO_APPLICATION_ROOM_CYCLES.check(main);
        NO_API_ROOM_CYCLES.check(main);
    }

    @Test
    void problems_knowNoResource() {
        PROBLEMS_KNOW_NO_RESOURCE.check(main);
    }

    /** The rules can fail: the adapters themselves break the rules that keep everyone else clean. */
    @Test
    void rules_detectViolations() {
        JavaClasses adapters = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE + ".adapter");
        ArchRule dynamoOutsideStripe = noClasses().that().resideInAPackage(BASE + ".adapter.dynamodb..")
                .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk.services.dynamodb..");
        assertThrows(AssertionError.class, () -> dynamoOutsideStripe.check(adapters));
        ArchRule stripeOutside = noClasses().that().resideInAPackage(BASE + ".adapter.stripe..")
                .should().dependOnClassesThat().resideInAPackage("com.stripe..");
        assertThrows(AssertionError.class, () -> stripeOutside.check(adapters));
    }
}
