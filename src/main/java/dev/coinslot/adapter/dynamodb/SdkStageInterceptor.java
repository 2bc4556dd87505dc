package dev.coinslot.adapter.dynamodb;

import dev.coinslot.config.StageClock;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Bench instrumentation: stamps the SDK's stages of a request into {@link StageClock}. Registered in application.properties (the
 * interceptor list is fixed at build time) and a no-op unless the stage clock is on; the SDK's own interceptors (endpoint rules, auth scheme) run
 * before it in each hook, so {@code beforeMarshalling} comes after the endpoint has been resolved.
 */
public class SdkStageInterceptor implements ExecutionInterceptor {

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        StageClock.mark(StageClock.SDK_START);
    }

    @Override
    public void beforeMarshalling(Context.BeforeMarshalling context, ExecutionAttributes attributes) {
        StageClock.mark(StageClock.SDK_MARSHAL);
    }

    @Override
    public void afterMarshalling(Context.AfterMarshalling context, ExecutionAttributes attributes) {
        StageClock.mark(StageClock.SDK_MARSHALLED);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        StageClock.mark(StageClock.SDK_SIGNED);
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        StageClock.mark(StageClock.SDK_RECEIVED);
    }

    @Override
    public void afterUnmarshalling(Context.AfterUnmarshalling context, ExecutionAttributes attributes) {
        StageClock.mark(StageClock.SDK_UNMARSHALLED);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        StageClock.mark(StageClock.SDK_DONE);
    }
}
