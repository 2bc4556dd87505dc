package dev.coinslot.api;

import dev.coinslot.application.WalletQueries;
import dev.coinslot.application.port.WalletStore.LedgerPage;
import dev.coinslot.domain.LedgerEntry;
import dev.coinslot.domain.Wallet;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The signed-in user's wallet and ledger (checkout function). */
@Path("/wallet")
@Produces(MediaType.APPLICATION_JSON)
public class WalletResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    public record WalletView(long balanceCredits, String status, String currency) {
    }

    public record LedgerEntryView(long sequence, String type, long amountCredits, long balanceAfterCredits,
            String reference, String at) {
        static LedgerEntryView of(LedgerEntry e) {
            return new LedgerEntryView(e.sequence(), e.type().name(), e.amount().amount(), e.balanceAfter().amount(),
                    e.reference(), e.at().toString());
        }
    }

    public record LedgerView(List<LedgerEntryView> entries, String nextCursor) {
    }

    private final Caller caller;
    private final WalletQueries wallets;

    public WalletResource(Caller caller, WalletQueries wallets) {
        this.caller = caller;
        this.wallets = wallets;
    }

    @GET
    public WalletView wallet() {
        Wallet wallet = wallets.wallet(caller.requireUserId());
        return new WalletView(wallet.balance().amount(), wallet.status().name(), wallets.currency());
    }

    @GET
    @Path("/ledger")
    public LedgerView ledger(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        String userId = caller.requireUserId();
        LedgerPage page = wallets.ledger(userId, parseLimit(limit), decodeCursor(cursor));
        return new LedgerView(page.entries().stream().map(LedgerEntryView::of).toList(),
                page.nextBefore().map(WalletResource::encodeCursor).orElse(null));
    }

    private static int parseLimit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit.matches("[0-9]{1,3}")) {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        }
        throw new ProblemException(Problems.badRequest("invalid-limit", "Invalid limit",
                "limit must be a whole number from 1 to " + MAX_LIMIT));
    }

    static String encodeCursor(long beforeSequence) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + beforeSequence).getBytes(StandardCharsets.UTF_8));
    }

    static Optional<Long> decodeCursor(String cursor) {
        if (cursor == null) {
            return Optional.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("v1:")) {
                long before = Long.parseLong(text.substring(3));
                if (before > 1) {
                    return Optional.of(before);
                }
            }
        } catch (IllegalArgumentException ignored) {
            // refused below
        }
        throw new ProblemException(Problems.badRequest("invalid-cursor", "Invalid cursor",
                "cursor must be a nextCursor value returned by this endpoint"));
    }
}
