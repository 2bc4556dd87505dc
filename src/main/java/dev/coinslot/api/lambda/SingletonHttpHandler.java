package dev.coinslot.api.lambda;

import io.quarkus.amazon.lambda.http.LambdaHttpHandler;
import io.quarkus.arc.Unremovable;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * Quarkus's Lambda HTTP handler as one instance per function instead of one per invocation. The extension looks the
 * handler bean up on every invocation; as a dependent bean that created a new handler and a new
 * {@link LambdaFrontDoor} decorator with its injections each time (2 % of a warm checkout's CPU samples, see
 * BENCHMARKS.md). The handler keeps no state of its own (no instance fields), so one shared instance answers the same;
 * Lambda serves one invocation at a time per instance anyway.
 */
@Singleton
@Unremovable // looked up by the extension at run time, never injected: ArC would drop it as unused
@Alternative
@Priority(1)
public class SingletonHttpHandler extends LambdaHttpHandler {
}
