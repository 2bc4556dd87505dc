package dev.coinslot.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Writes an answer built for JAX-RS as the API Gateway v2 response the Lambda HTTP handler would have produced for it:
 * same status, headers (plus {@code content-length}) and JSON body, with the application's {@link ObjectMapper}.
 */
@ApplicationScoped
public class LambdaAnswers {

    private final ObjectWriter writer;

    public LambdaAnswers(ObjectMapper json) {
        this.writer = json.writer();
    }

    APIGatewayV2HTTPResponse of(RestResponse<?> answer) {
        Map<String, String> headers = new LinkedHashMap<>();
        answer.getStringHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        String body;
        try {
            body = writer.writeValueAsString(answer.getEntity());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer not serialisable", e);
        }
        headers.put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(answer.getStatus())
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}
