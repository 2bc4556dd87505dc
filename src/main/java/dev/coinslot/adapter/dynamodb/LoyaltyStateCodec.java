package dev.coinslot.adapter.dynamodb;

import dev.coinslot.domain.loyalty.LoyaltyState;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A wallet's {@link LoyaltyState} as one short string attribute of the wallet item, so the checkout's one wallet
 * update carries it at no extra request. Format {@code L1} then {@code ;}-separated fields, each left out when at its
 * initial value: {@code r<remainder>}, {@code s<streak days>@<epoch day>}, {@code d<epoch day of the last daily claim>},
 * {@code g<epoch day>:<credits granted>}, {@code c<card>:<stamps>,<card>:<stamps>} (cards sorted). Days are UTC epoch
 * days. A typical state is under 40 bytes. An unreadable value is a bug or a damaged item: decoding throws.
 */
final class LoyaltyStateCodec {

    static final String VERSION = "L1";

    private LoyaltyStateCodec() {
    }

    static String encode(LoyaltyState state) {
        StringBuilder s = new StringBuilder(VERSION);
        if (state.cashbackRemainder() != 0) {
            s.append(";r").append(state.cashbackRemainder());
        }
        state.lastPurchaseDay().ifPresent(d -> s.append(";s").append(state.streakDays()).append('@').append(d.toEpochDay()));
        state.lastDailyClaimDay().ifPresent(d -> s.append(";d").append(d.toEpochDay()));
        state.grantDay().ifPresent(d -> s.append(";g").append(d.toEpochDay()).append(':').append(state.grantedOnGrantDay()));
        if (!state.stamps().isEmpty()) {
            s.append(";c");
            String sep = "";
            for (Map.Entry<String, Integer> e : new TreeMap<>(state.stamps()).entrySet()) {
                s.append(sep).append(e.getKey()).append(':').append(e.getValue());
                sep = ",";
            }
        }
        return s.toString();
    }

    static LoyaltyState decode(String value) {
        try {
            String[] fields = value.split(";", -1);
            if (!fields[0].equals(VERSION)) {
                throw new IllegalArgumentException("unknown version");
            }
            long remainder = 0;
            int streak = 0;
            Optional<LocalDate> lastPurchase = Optional.empty();
            Optional<LocalDate> lastClaim = Optional.empty();
            Optional<LocalDate> grantDay = Optional.empty();
            long granted = 0;
            Map<String, Integer> stamps = new LinkedHashMap<>();
            Set<Character> seen = new HashSet<>();
            for (int i = 1; i < fields.length; i++) {
                String f = fields[i];
                if (f.isEmpty() || !seen.add(f.charAt(0))) {
                    throw new IllegalArgumentException("empty or repeated field");
                }
                String body = f.substring(1);
                switch (f.charAt(0)) {
                    case 'r' -> remainder = Long.parseLong(body);
                    case 's' -> {
                        String[] p = two(body, '@');
                        streak = Integer.parseInt(p[0]);
                        lastPurchase = Optional.of(day(p[1]));
                    }
                    case 'd' -> lastClaim = Optional.of(day(body));
                    case 'g' -> {
                        String[] p = two(body, ':');
                        grantDay = Optional.of(day(p[0]));
                        granted = Long.parseLong(p[1]);
                    }
                    case 'c' -> {
                        for (String card : body.split(",", -1)) {
                            String[] p = two(card, ':');
                            if (stamps.put(p[0], Integer.parseInt(p[1])) != null) {
                                throw new IllegalArgumentException("card twice");
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown field");
                }
            }
            return new LoyaltyState(remainder, streak, lastPurchase, stamps, lastClaim, grantDay, granted);
        } catch (RuntimeException e) {
            throw new IllegalStateException("unreadable loyalty state '" + value + "': " + e.getMessage(), e);
        }
    }

    private static String[] two(String body, char sep) {
        int at = body.indexOf(sep);
        if (at <= 0 || at == body.length() - 1 || body.indexOf(sep, at + 1) >= 0) {
            throw new IllegalArgumentException("expected two parts around '" + sep + "'");
        }
        return new String[] {body.substring(0, at), body.substring(at + 1)};
    }

    private static LocalDate day(String epochDay) {
        return LocalDate.ofEpochDay(Long.parseLong(epochDay));
    }
}
