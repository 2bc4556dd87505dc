package dev.coinslot.support;

import dev.coinslot.support.LambdaApi.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Sends {@code n} requests at once (released together by a latch) on up to {@code threads} threads; answers in order. */
public final class Parallel {

    private Parallel() {
    }

    public static List<Response> run(int n, int threads, IntFunction<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, threads));
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<Response> task = () -> {
                    start.await();
                    return call.apply(index);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : futures) {
                responses.add(f.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
