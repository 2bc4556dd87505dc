package dev.coinslot.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Runs the app as the metrics Lambda function (DynamoDB Streams batches only, no HTTP route). */
public class MetricsFunctionProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("coinslot.function", "metrics");
    }
}
