package dev.coinslot.adapter.dynamodb;

import dev.coinslot.domain.LotTake;
import dev.coinslot.domain.Lots;
import java.util.List;

/** Test access to {@link LotsCodec}: the lots a wallet item stores, and the lots a purchase item says it took. */
public final class StoredLots {

    private StoredLots() {
    }

    public static Lots decode(String attribute) {
        return LotsCodec.decode(attribute);
    }

    public static String encode(Lots lots) {
        return LotsCodec.encode(lots);
    }

    public static List<LotTake> decodeTakes(String attribute) {
        return LotsCodec.decodeTakes(attribute);
    }
}
