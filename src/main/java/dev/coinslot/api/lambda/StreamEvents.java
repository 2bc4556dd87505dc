package dev.coinslot.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Map;

/**
 * Lets the one HTTP Lambda artifact also host the {@code metrics} function, which Lambda invokes with DynamoDB Streams
 * batches, not API Gateway events.
 *
 * <p>quarkus-amazon-lambda-http 3.34 refuses to build with any other {@code RequestHandler} in the application
 * ("Multiple handler classes"), and its handler's input type is {@link APIGatewayV2HTTPEvent}. Quarkus reads every
 * invocation's JSON with a copy of the application's {@link ObjectMapper} (so with this customizer, in native and in
 * JVM/SnapStart mode alike). A payload whose first field is {@code Records} (how Lambda's event source mapping sends a
 * stream batch; an API Gateway event starts with {@code version} and has no {@code Records}) becomes a synthetic event
 * with route key {@link #STREAM_ROUTE_KEY}, no API id and the batch as its body; {@link LambdaFrontDoor} serves it
 * before any HTTP handling. The answer goes back as written ({@link RawResult}): Lambda reads
 * {@code batchItemFailures} from the top level of the function's response.
 */
@Singleton
public class StreamEvents implements ObjectMapperCustomizer {

    /** Route key of the synthetic event a stream batch becomes; no API Gateway route can carry it (no space+path). */
    public static final String STREAM_ROUTE_KEY = "DYNAMODB_STREAM";
    public static final String STREAM_PATH = "/internal/metrics/stream";

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("coinslot-stream-events");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                    JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == APIGatewayV2HTTPEvent.class ? new EventDeserializer(deserializer)
                        : deserializer;
            }
        });
        module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                    JsonSerializer<?> serializer) {
                return description.getBeanClass() == APIGatewayV2HTTPResponse.class
                        ? new ResponseSerializer((JsonSerializer<Object>) serializer) : serializer;
            }
        });
        mapper.registerModule(module);
    }

    /** Is this the synthetic event of a stream batch? */
    public static boolean isStreamBatch(APIGatewayV2HTTPEvent event) {
        return STREAM_ROUTE_KEY.equals(event.getRouteKey()) && event.getRequestContext() != null
                && event.getRequestContext().getApiId() == null;
    }

    /** The synthetic event for a stream batch; {@code batch} is the invocation's JSON. */
    public static APIGatewayV2HTTPEvent streamBatch(String batch) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod("POST").withPath(STREAM_PATH).withSourceIp("127.0.0.1").withProtocol("HTTP/1.1").build();
        APIGatewayV2HTTPEvent.RequestContext context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRouteKey(STREAM_ROUTE_KEY).withRequestId("stream").withStage("$default").withHttp(http).build();
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(STREAM_ROUTE_KEY)
                .withRawPath(STREAM_PATH).withRawQueryString("").withHeaders(Map.of())
                .withBody(batch).withIsBase64Encoded(false).withRequestContext(context).build();
    }

    /** A response written as its raw JSON instead of an API Gateway response (a stream batch's answer). */
    public static final class RawResult extends APIGatewayV2HTTPResponse {
        private final String json;

        public RawResult(String json) {
            super(200, Map.of(), null, null, json, false);
            this.json = json;
        }

        public String json() {
            return json;
        }
    }

    static final class EventDeserializer extends DelegatingDeserializer {
        EventDeserializer(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new EventDeserializer(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.isExpectedStartObjectToken()) {
                JsonToken next = p.nextToken();
                if (next == JsonToken.FIELD_NAME && "Records".equals(p.currentName())) {
                    p.nextToken();
                    JsonNode records = ctxt.readTree(p);
                    ObjectNode batch = JsonNodeFactory.instance.objectNode();
                    batch.set("Records", records);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        p.nextToken();
                        p.skipChildren();
                    }
                    return streamBatch(batch.toString());
                }
            }
            return _delegatee.deserialize(p, ctxt);
        }
    }

    static final class ResponseSerializer extends StdSerializer<Object> {
        private final JsonSerializer<Object> delegate;

        ResponseSerializer(JsonSerializer<Object> delegate) {
            super(Object.class);
            this.delegate = delegate;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value instanceof RawResult raw) {
                gen.writeRawValue(raw.json());
            } else {
                delegate.serialize(value, gen, provider);
            }
        }
    }
}
