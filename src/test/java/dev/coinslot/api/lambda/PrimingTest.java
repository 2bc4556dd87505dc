package dev.coinslot.api.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coinslot.support.CheckoutFunctionProfile;
import dev.coinslot.support.DynamoDbLocalResource;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.RequestCounter;
import dev.coinslot.support.TableSnapshot;
import dev.coinslot.support.Wallets;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SnapStart priming hook, called the way Lambda calls it before taking the snapshot: it reads DynamoDB once
 * (a {@code GetItem} of a wallet nobody has), sends the checkout's transaction for that wallet, which DynamoDB cancels,
 * writes nothing, and exercises the checkout's JSON reading, validation and answer writing; a checkout afterwards is
 * unaffected.
 */
@QuarkusTest
@TestProfile(CheckoutFunctionProfile.class)
@WithTestResource(DynamoDbLocalResource.class)
class PrimingTest {

    @Inject
    Priming priming;

    @Test
    void beforeCheckpoint_readsDynamoDbOnce_warmsJsonAndValidation_writesNothing() {
        TableSnapshot before = TableSnapshot.take();
        RequestCounter.reset();

        priming.beforeCheckpoint(null);

        // one read, and the checkout's own transaction, which DynamoDB cancels (the wallet version does not exist)
        assertEquals(Map.of("GetItem", 1L, "TransactWriteItems", 1L), RequestCounter.snapshot(),
                "one read and one refused transaction");
        Priming.Primed primed = priming.last();
        assertNotNull(primed, "beforeCheckpoint ran the priming");
        assertFalse(primed.walletFound(), "the priming owner has no wallet");
        assertTrue(primed.transactionRefused(), "the transaction reached DynamoDB and was cancelled by its wallet condition");
        assertTrue(primed.requestAccepted(), "the sample body was read and passed Bean Validation");
        assertTrue(primed.answerBytes() > 50, "a purchase answer was written as JSON: " + primed.answerBytes() + " bytes");
        assertEquals(before, TableSnapshot.take(), "the table is unchanged: " + before.difference(TableSnapshot.take()));
    }

    @Test
    void afterPriming_checkoutIsStillOneTransactionAndAnswersNormally() {
        priming.beforeCheckpoint(null);
        String user = Wallets.newUser("primed");
        Wallets.fund(user, 500);
        assertEquals(201, LambdaApi.as(user).checkout("primed-0", "sticker-cat", 1, 49).status());
        RequestCounter.reset();
        assertEquals(201, LambdaApi.as(user).checkout("primed-1", "sticker-cat", 1, 49).status());
        assertEquals(Map.of("TransactWriteItems", 1L), RequestCounter.snapshot());
    }
}
