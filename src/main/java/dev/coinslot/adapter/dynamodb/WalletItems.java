package dev.coinslot.adapter.dynamodb;

import static dev.coinslot.adapter.dynamodb.Attr.n;
import static dev.coinslot.adapter.dynamodb.Attr.s;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The wallet item's identity fields, written by every update that may be the first to touch a wallet. */
final class WalletItems {

    /** Creates an empty ACTIVE wallet at version 0 if the item does not exist yet; keeps an existing one as it is. */
    static final String CREATE_IF_MISSING = "balance = if_not_exists(balance, :zero), version = if_not_exists(version, :zero), "
            + "#status = if_not_exists(#status, :active), #owner = :owner, #type = :walletType";

    static final Map<String, String> NAMES = Map.of("#status", "status", "#owner", "owner", "#type", "type");

    private WalletItems() {
    }

    static Map<String, AttributeValue> creationValues(String ownerId) {
        return Map.of(":zero", n(0), ":active", s("ACTIVE"), ":owner", s(ownerId), ":walletType", s("WALLET"));
    }
}
