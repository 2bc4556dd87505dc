package dev.coinslot.api.lambda;

import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.config.CoinslotConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Refuses request bodies above {@code coinslot.max-request-bytes} with a {@code 413 payload-too-large} problem before
 * any of it is parsed. (Vert.x's own body limit, {@code quarkus.http.limits.max-body-size}, is set above Lambda's
 * payload limit: it would answer a bare 413 that no exception mapper can turn into problem+json.)
 */
@Provider
public class BodySizeLimit implements ReaderInterceptor {

    /** Resolved per request: providers are created at static init, before runtime configuration exists. */
    private final Instance<CoinslotConfig> config;

    public BodySizeLimit(Instance<CoinslotConfig> config) {
        this.config = config;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        int max = config.get().maxRequestBytes();
        byte[] body = context.getInputStream().readNBytes(max + 1);
        if (body.length > max) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE.problem(
                    "Request bodies larger than " + max + " bytes are refused."));
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
