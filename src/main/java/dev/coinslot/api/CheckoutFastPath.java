package dev.coinslot.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

/**
 * Serves a well-formed {@code POST /checkout} straight from the Lambda event: no virtual HTTP connection, no Vert.x
 * event loop, no worker-thread hand-off (the hand-offs were the hottest frames of a warm checkout, see BENCHMARKS.md).
 * Every other event, and every checkout request the {@link DirectCheckout} does not accept as plainly valid, goes to
 * Quarkus's HTTP handler unchanged, which gives the error answers.
 */
@Decorator
@Priority(10)
public abstract class CheckoutFastPath implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Inject
    @Delegate
    @Any
    RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> http;

    @Inject
    DirectCheckout direct;

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        APIGatewayV2HTTPResponse answer = direct.serve(event);
        return answer != null ? answer : http.handleRequest(event, context);
    }
}
