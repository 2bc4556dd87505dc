package dev.coinslot.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's item size rules, for capacity units DynamoDB Local does not report: the UTF-8 bytes of every attribute
 * name plus its value; a string is its UTF-8 length, a number about 1 byte per two significant digits plus 1, a
 * boolean or null 1 byte. A standard write costs 1 WCU per started KB; a transactional write twice that.
 */
public final class ItemSize {

    private ItemSize() {
    }

    public static int bytes(Map<String, AttributeValue> item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8(e.getKey()) + value(e.getValue());
        }
        return size;
    }

    private static int value(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            String digits = new BigDecimal(v.n()).unscaledValue().abs().toString().replaceAll("0+$", "");
            return (Math.max(digits.length(), 1) + 1) / 2 + 1;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToInt(ItemSize::utf8).sum();
        }
        if (v.hasM()) {
            return 3 + bytes(v.m());
        }
        if (v.hasL()) {
            return 3 + v.l().stream().mapToInt(x -> 1 + value(x)).sum();
        }
        throw new IllegalArgumentException("attribute type not sized: " + v);
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Write units of one transactional write of an item this size. */
    public static int transactionalWcu(int bytes) {
        return 2 * Math.max(1, (bytes + 1023) / 1024);
    }
}
