package dev.coinslot.application;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Opaque random identifiers with a type prefix, e.g. {@code pur_3f9c…} (96 random bits). */
@ApplicationScoped
public class Ids {

    private final SecureRandom random = new SecureRandom();

    public String purchaseId() {
        return next("pur_");
    }

    public String next(String prefix) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
