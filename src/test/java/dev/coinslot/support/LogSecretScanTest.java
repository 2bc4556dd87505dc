package dev.coinslot.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The secret patterns of {@link LogSecretScan} find real secret shapes and leave redactions and ids alone. */
class LogSecretScanTest {

    @Test
    void secretsIn_findsKeysSigningSecretsClientSecretsAndTokens() {
        String text = "key=sk_test_coinslot live=sk_live_51HxYzAbCdEf whsec=whsec_test_current cs=pi_3Mtw_secret_YrKJUKribcBj"
                + " auth=Bearer abc.def.ghijklmn jwt=" + HostileRequest.FAKE_JWT;
        assertEquals(List.of("sk_test_coinslot", "sk_test_coinslot", "sk_live_51HxYzAbCdEf", "whsec_test_current",
                "pi_3Mtw_secret_YrKJUKribcBj", "Bearer abc.def.ghijklmn", HostileRequest.FAKE_JWT.substring(0, 
                HostileRequest.FAKE_JWT.lastIndexOf('.'))), LogSecretScan.secretsIn(text));
    }

    @Test
    void secretsIn_ignoresRedactionsAndPlainIds() {
        assertEquals(List.of(), LogSecretScan.secretsIn(
                "key=sk_test_********oins payment=pi_3MtwBwLkdIwHu7ix28a3tqPa customer=cus_NffrFeUfNV2Hib evt_1 whsec"));
    }
}
