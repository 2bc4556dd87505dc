package dev.coinslot.adapter.dynamodb;

import dev.coinslot.domain.Lot;
import dev.coinslot.domain.LotSource;
import dev.coinslot.domain.LotTake;
import dev.coinslot.domain.Lots;
import dev.coinslot.domain.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The compact text form of a wallet's lots, stored in ONE attribute of the wallet item ({@code lots}) so the item
 * stays small: lots separated by {@code ;}, fields by {@code ,}: source code, credits, remaining cost (minor units),
 * currency, acquired and expiry instants (epoch seconds, base 36), origin. Absent fields are empty. Example:
 * {@code B,100,,,t4x9k0,t6a1c0,top_1f…;T,1000,1000,USD,t4x9k0,,top_1f…}. A wallet in debt is {@code D<credits>}; no
 * lots and no debt is {@code -}. Purchases store the lots they took the same way ({@link #encodeTakes}): source code,
 * origin, acquired, credits, value, currency.
 */
final class LotsCodec {

    private LotsCodec() {
    }

    static String encode(Lots lots) {
        if (lots.debt() > 0) {
            return "D" + lots.debt();
        }
        if (lots.lots().isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        for (Lot lot : lots.lots()) {
            parts.add(lot.source().code() + "," + lot.credits() + ","
                    + lot.cost().map(c -> c.amountMinor() + "," + c.currency()).orElse(",") + ","
                    + seconds(lot.acquiredAt()) + "," + lot.expiresAt().map(LotsCodec::seconds).orElse("") + ","
                    + escape(lot.origin()));
        }
        return String.join(";", parts);
    }

    static Lots decode(String text) {
        if (text.equals("-")) {
            return Lots.EMPTY;
        }
        if (text.startsWith("D")) {
            return new Lots(List.of(), Long.parseLong(text.substring(1)));
        }
        List<Lot> lots = new ArrayList<>();
        for (String part : text.split(";")) {
            String[] f = part.split(",", -1);
            if (f.length != 7 || f[0].length() != 1) {
                throw new IllegalStateException("stored lot is not in the lots format: " + part);
            }
            Optional<Money> cost = f[2].isEmpty() ? Optional.empty() : Optional.of(Money.of(Long.parseLong(f[2]), f[3]));
            lots.add(new Lot(LotSource.ofCode(f[0].charAt(0)), Long.parseLong(f[1]), cost, instant(f[4]),
                    f[5].isEmpty() ? Optional.empty() : Optional.of(instant(f[5])), unescape(f[6])));
        }
        return new Lots(lots, 0);
    }

    static String encodeTakes(List<LotTake> takes) {
        List<String> parts = new ArrayList<>();
        for (LotTake t : takes) {
            parts.add(t.source().code() + "," + escape(t.origin()) + "," + seconds(t.acquiredAt()) + "," + t.credits() + ","
                    + t.value().map(v -> v.amountMinor() + "," + v.currency()).orElse(","));
        }
        return String.join(";", parts);
    }

    static List<LotTake> decodeTakes(String text) {
        List<LotTake> takes = new ArrayList<>();
        for (String part : text.split(";")) {
            String[] f = part.split(",", -1);
            if (f.length != 6 || f[0].length() != 1) {
                throw new IllegalStateException("stored lot take is not in the takes format: " + part);
            }
            takes.add(new LotTake(LotSource.ofCode(f[0].charAt(0)), unescape(f[1]), instant(f[2]), Long.parseLong(f[3]),
                    f[4].isEmpty() ? Optional.empty() : Optional.of(Money.of(Long.parseLong(f[4]), f[5]))));
        }
        return takes;
    }

    private static String seconds(Instant at) {
        return Long.toString(at.getEpochSecond(), 36);
    }

    private static Instant instant(String base36) {
        return Instant.ofEpochSecond(Long.parseLong(base36, 36));
    }

    private static String escape(String origin) {
        return origin.replace("%", "%25").replace(",", "%2C").replace(";", "%3B");
    }

    private static String unescape(String origin) {
        return origin.replace("%3B", ";").replace("%2C", ",").replace("%25", "%");
    }
}
