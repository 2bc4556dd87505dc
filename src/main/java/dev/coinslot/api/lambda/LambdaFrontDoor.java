package dev.coinslot.api.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.coinslot.api.metrics.MetricsStream;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.Problems;
import dev.coinslot.config.CoinslotConfig;
import dev.coinslot.config.CoinslotConfig.FunctionName;
import dev.coinslot.config.StageClock;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The first Coinslot code every API Gateway event reaches: a CDI decorator on Quarkus's Lambda HTTP handler.
 * <ol>
 * <li>A DynamoDB Streams batch (see {@link StreamEvents}) is counted into the metrics by {@link MetricsStream} on the
 * {@code metrics} function (and with {@code all}); any other function fails the invocation, so a mis-wired event
 * source is retried and alarmed on, never taken for an HTTP request.</li>
 * <li>Headers the HTTP stack cannot represent (control characters, names that are not HTTP tokens) are refused with
 * a {@code 400 invalid-header} problem; the stack would otherwise fail on them with a bare 500. So are a path or
 * query string with malformed percent-encoding ({@code 400 malformed-uri}) and a body marked base64 that is not
 * ({@code 400 malformed-request}), which the stack answers with a bare 400 and 500 ({@link EncodingGuard}).</li>
 * <li>A plainly valid {@code POST /checkout} is served straight from the event by {@link DirectCheckout}: no virtual
 * HTTP connection, no Vert.x event loop, no worker-thread hand-off (the hand-offs were the hottest frames of a warm
 * checkout, see BENCHMARKS.md).</li>
 * <li>Everything else goes to the HTTP stack unchanged, which gives every other answer, including every refusal of a
 * malformed checkout.</li>
 * </ol>
 */
@Decorator
@Priority(10)
public abstract class LambdaFrontDoor implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Inject
    @Delegate
    @Any
    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> http;

    @Inject
    DirectCheckout direct;

    @Inject
    LambdaAnswers answers;

    @Inject
    MetricsStream metrics;

    @Inject
    CoinslotConfig config;

    @Inject
    OperationalMetrics operational;

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (StreamEvents.isStreamBatch(event)) {
            FunctionName function = config.function();
            if (function != FunctionName.metrics && function != FunctionName.all) {
                throw new IllegalStateException("function " + function + " received a stream batch");
            }
            MetricsStream.Served served = metrics.serve(event.getBody());
            operational.recordBatch(served.result().added(), served.result().failedPositions().size());
            return new StreamEvents.RawResult(served.json());
        }
        APIGatewayV2HTTPResponse response = serve(event, context);
        operational.record(event, response);
        return response;
    }

    private APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event, Context context) {
        if (StageClock.enabled()) {
            StageClock.begin(event.getHeaders() == null ? null : event.getHeaders().get(StageClock.SENT_HEADER));
        }
        Problem refused = HeaderGuard.refusal(event);
        if (refused == null) {
            refused = EncodingGuard.refusal(event);
        }
        if (refused != null) {
            return answers.of(Problems.response(refused));
        }
        StageClock.mark(StageClock.GUARDED);
        Optional<APIGatewayV2HTTPResponse> answer = direct.serve(event);
        if (answer.isPresent()) {
            StageClock.end();
            return answer.get();
        }
        return http.handleRequest(event, context);
    }
}
