package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import dev.coinslot.adapter.dynamodb.TxItems.Role;
import dev.coinslot.application.port.LoyaltyStore;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.domain.Credits;
import dev.coinslot.domain.Wallet;
import dev.coinslot.domain.WalletChange;
import dev.coinslot.domain.loyalty.EarnedReward;
import dev.coinslot.domain.loyalty.LoyaltyState;
import dev.coinslot.domain.loyalty.RewardType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link LoyaltyStore} on the wallet table: the loyalty state is the wallet item's {@code loyalty} attribute
 * ({@link LoyaltyStateCodec}); a reward is one transaction of the wallet update (its promotional lot and state), its
 * ledger entry, and a {@code REWARD#{reference}} record item in the wallet's partition (condition: none yet). Daily
 * records expire (TTL) two days after their day; grant records are kept.
 */
@ApplicationScoped
public class DynamoDbLoyaltyStore implements LoyaltyStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbLoyaltyStore(DynamoDbClient dynamo, CoinslotConfig config) {
        this.dynamo = dynamo;
        this.table = config.tableName();
    }

    @Override
    public LoyaltySnapshot read(String ownerId) {
        return DynamoErrors.getItem(dynamo, table, WalletTable.walletPk(ownerId), WalletTable.WALLET_SK)
                .map(item -> new LoyaltySnapshot(ItemMapper.wallet(item), loyalty(item)))
                .orElseGet(() -> new LoyaltySnapshot(Wallet.empty(ownerId), LoyaltyState.NONE));
    }

    /** The loyalty state on a wallet item ({@link LoyaltyState#NONE} without the attribute). */
    static LoyaltyState loyalty(Map<String, AttributeValue> walletItem) {
        return Attr.optStr(walletItem, WalletAttrs.LOYALTY).map(LoyaltyStateCodec::decode).orElse(LoyaltyState.NONE);
    }

    @Override
    public Optional<RecordedReward> findReward(String ownerId, String reference) {
        return DynamoErrors.getItem(dynamo, table, WalletTable.walletPk(ownerId), WalletTable.REWARD_PREFIX + reference)
                .map(DynamoDbLoyaltyStore::recorded);
    }

    @Override
    public RewardWrite commitReward(WalletChange change, LoyaltyState next, RecordedReward record) {
        String ownerId = change.before().ownerId();
        WalletItemWrite wallet = WalletItemWrite.at(table, change.before())
                .set(WalletAttrs.LOYALTY, s(LoyaltyStateCodec.encode(next)));
        TxItems tx = WalletWrites.walletAndEntries(table, wallet, change);
        tx.add(Role.REWARD, TransactWriteItem.builder().put(Put.builder().tableName(table).item(item(ownerId, record))
                .conditionExpression("attribute_not_exists(pk)").build()).build());
        try {
            tx.commit(dynamo);
            return new RewardWrite.Committed(record);
        } catch (TransactionCanceledException e) {
            if (tx.failed(e, Role.REWARD)) {
                Optional<RecordedReward> existing = findReward(ownerId, record.reference());
                if (existing.isPresent()) {
                    return new RewardWrite.AlreadyRecorded(existing.get());
                }
            }
            if (tx.failed(e, Role.WALLET) || tx.failed(e, Role.REWARD) || TxItems.conflicted(e)) {
                return new RewardWrite.WalletChanged();
            }
            throw new IllegalStateException("reward transaction cancelled for an unexpected reason: "
                    + e.cancellationReasons(), e);
        }
    }

    private static Map<String, AttributeValue> item(String ownerId, RecordedReward r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(WalletTable.PK, s(WalletTable.walletPk(ownerId)));
        item.put(WalletTable.SK, s(WalletTable.REWARD_PREFIX + r.reference()));
        item.put("type", s("REWARD"));
        item.put("rewardType", s(r.reward().type().name()));
        item.put("rule", s(r.reward().rule()));
        item.put("credits", n(r.reward().credits().amount()));
        item.put("rewardExpiresAt", s(r.reward().expiresAt().toString()));
        item.put("fingerprint", s(r.fingerprint()));
        item.put("balanceAfter", n(r.balanceAfter().amount()));
        item.put("at", s(r.at().toString()));
        if (r.reward().type() == RewardType.DAILY_REWARD) {
            item.put(WalletTable.TTL, n(r.at().plusSeconds(3 * 86_400L).getEpochSecond()));
        }
        return item;
    }

    private static RecordedReward recorded(Map<String, AttributeValue> item) {
        String reference = Attr.str(item, WalletTable.SK).substring(WalletTable.REWARD_PREFIX.length());
        EarnedReward reward = new EarnedReward(RewardType.valueOf(Attr.str(item, "rewardType")), Attr.str(item, "rule"),
                Credits.of(Attr.num(item, "credits")), Instant.parse(Attr.str(item, "rewardExpiresAt")));
        return new RecordedReward(reference, reward, Attr.str(item, "fingerprint"), Credits.of(Attr.num(item, "balanceAfter")),
                Instant.parse(Attr.str(item, "at")));
    }
}
