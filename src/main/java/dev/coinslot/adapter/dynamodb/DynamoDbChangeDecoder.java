package dev.coinslot.adapter.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coinslot.application.port.ChangeDecoder;
import dev.coinslot.domain.metrics.MetricFact;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a DynamoDB Streams event as Lambda delivers it ({@code {"Records":[{"eventName", "dynamodb":{"SequenceNumber",
 * "NewImage", "OldImage"}}]}}, images in DynamoDB JSON) into changes, through {@link MetricItems}.
 */
@ApplicationScoped
public class DynamoDbChangeDecoder implements ChangeDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public List<Change> decode(String batch) {
        JsonNode root;
        try {
            root = JSON.readTree(batch);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a stream event: " + e.getClass().getSimpleName());
        }
        JsonNode records = root == null ? null : root.get("Records");
        if (records == null || !records.isArray()) {
            throw new IllegalArgumentException("not a stream event: no Records array");
        }
        List<Change> changes = new ArrayList<>();
        for (JsonNode record : records) {
            changes.add(change(record));
        }
        return changes;
    }

    private static Change change(JsonNode record) {
        JsonNode dynamodb = record.path("dynamodb");
        String position = dynamodb.path("SequenceNumber").asText(record.path("eventID").asText(""));
        try {
            if ("REMOVE".equals(record.path("eventName").asText()) || !dynamodb.has("NewImage")) {
                return new Change.Ignored(position);
            }
            Map<String, AttributeValue> newImage = image(dynamodb.get("NewImage"));
            Map<String, AttributeValue> oldImage = dynamodb.has("OldImage") ? image(dynamodb.get("OldImage")) : null;
            Optional<MetricFact> fact = MetricItems.fact(newImage, oldImage);
            return fact.<Change>map(f -> new Change.Fact(position, f)).orElseGet(() -> new Change.Ignored(position));
        } catch (RuntimeException e) {
            return new Change.Undecodable(position, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A DynamoDB JSON image ({@code {"sku":{"S":"hat"},"total":{"N":"99"}}}) as SDK attribute values. */
    static Map<String, AttributeValue> image(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("image is not an object");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            item.put(field.getKey(), value(field.getValue()));
        }
        return item;
    }

    private static AttributeValue value(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("attribute value must have exactly one type");
        }
        Map.Entry<String, JsonNode> typed = node.fields().next();
        JsonNode v = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> AttributeValue.builder().s(text(v)).build();
            case "N" -> AttributeValue.builder().n(text(v)).build();
            case "BOOL" -> AttributeValue.builder().bool(v.asBoolean()).build();
            case "NULL" -> AttributeValue.builder().nul(true).build();
            case "B" -> AttributeValue.builder().b(SdkBytes.fromByteArray(Base64.getDecoder().decode(text(v)))).build();
            case "SS" -> AttributeValue.builder().ss(texts(v)).build();
            case "NS" -> AttributeValue.builder().ns(texts(v)).build();
            case "BS" -> AttributeValue.builder().bs(texts(v).stream()
                    .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b))).toList()).build();
            case "M" -> AttributeValue.builder().m(image(v)).build();
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                v.forEach(e -> list.add(value(e)));
                yield AttributeValue.builder().l(list).build();
            }
            default -> throw new IllegalArgumentException("unknown attribute type " + typed.getKey());
        };
    }

    private static String text(JsonNode v) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException("attribute value is not a string");
        }
        return v.asText();
    }

    private static List<String> texts(JsonNode v) {
        if (!v.isArray()) {
            throw new IllegalArgumentException("set value is not an array");
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(text(e)));
        return out;
    }
}
