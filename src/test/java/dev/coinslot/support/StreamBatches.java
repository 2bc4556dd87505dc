package dev.coinslot.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * DynamoDB Streams events as Lambda's event source mapping delivers them ({@code {"Records":[...]}}, images in
 * DynamoDB JSON), built from SDK stream records (read from DynamoDB Local's stream) or from hand-made images.
 */
public final class StreamBatches {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamBatches() {
    }

    /** One change as a stream record: {@code oldImage} null for an insert, {@code newImage} null for a removal. */
    public record Change(String sequenceNumber, String eventName, Map<String, AttributeValue> newImage,
            Map<String, AttributeValue> oldImage) {

        public static Change insert(String sequenceNumber, Map<String, AttributeValue> item) {
            return new Change(sequenceNumber, "INSERT", item, null);
        }

        public static Change of(Record record) {
            var d = record.dynamodb();
            return new Change(d.sequenceNumber(), record.eventNameAsString(),
                    d.hasNewImage() ? d.newImage() : null, d.hasOldImage() ? d.oldImage() : null);
        }
    }

    public static String event(List<Change> changes) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode records = root.putArray("Records");
        for (Change c : changes) {
            ObjectNode r = records.addObject();
            r.put("eventID", "ev-" + c.sequenceNumber());
            r.put("eventName", c.eventName());
            r.put("eventVersion", "1.1");
            r.put("eventSource", "aws:dynamodb");
            r.put("awsRegion", "us-east-1");
            ObjectNode d = r.putObject("dynamodb");
            d.put("SequenceNumber", c.sequenceNumber());
            d.put("StreamViewType", "NEW_AND_OLD_IMAGES");
            if (c.newImage() != null) {
                d.set("NewImage", image(c.newImage()));
            }
            if (c.oldImage() != null) {
                d.set("OldImage", image(c.oldImage()));
            }
            r.put("eventSourceARN", "arn:aws:dynamodb:us-east-1:123456789012:table/coinslot/stream/2026-12-07T00:00:00.000");
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        item.forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    private static ObjectNode value(AttributeValue v) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (v.s() != null) {
            node.put("S", v.s());
        } else if (v.n() != null) {
            node.put("N", v.n());
        } else if (v.bool() != null) {
            node.put("BOOL", v.bool());
        } else if (Boolean.TRUE.equals(v.nul())) {
            node.put("NULL", true);
        } else if (v.b() != null) {
            node.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
        } else if (v.hasSs()) {
            ArrayNode a = node.putArray("SS");
            v.ss().forEach(a::add);
        } else if (v.hasNs()) {
            ArrayNode a = node.putArray("NS");
            v.ns().forEach(a::add);
        } else if (v.hasM()) {
            node.set("M", image(v.m()));
        } else if (v.hasL()) {
            ArrayNode a = node.putArray("L");
            v.l().forEach(e -> a.add(value(e)));
        } else {
            throw new IllegalArgumentException("unsupported attribute value " + v);
        }
        return node;
    }
}
