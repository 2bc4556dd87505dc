package dev.coinslot.adapter.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Ledger sort keys: zero-padded to 19 digits so that they sort as the sequence numbers do. */
class WalletTableTest {

    @Test
    void ledgerSk_isTheSequencePaddedTo19Digits_exactlyAsStringFormatWritesIt() {
        for (long sequence : new long[] {0, 1, 9, 10, 42, 123_456_789L, 999_999_999_999_999_999L,
                1_000_000_000_000_000_000L, Long.MAX_VALUE, -1, -42}) {
            assertEquals("LEDGER#" + String.format("%019d", sequence), WalletTable.ledgerSk(sequence),
                    "sequence " + sequence);
        }
        assertEquals("LEDGER#0000000000000000007", WalletTable.ledgerSk(7));
    }

    @Test
    void ledgerSk_sortsAsTheSequence() {
        String previous = WalletTable.ledgerSk(0);
        for (long sequence = 1; sequence < 5_000; sequence += 37) {
            String next = WalletTable.ledgerSk(sequence);
            assertTrue(previous.compareTo(next) < 0, previous + " !< " + next);
            previous = next;
        }
    }
}
