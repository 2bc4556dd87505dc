package dev.coinslot.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.coinslot.support.LambdaApi;
import dev.coinslot.support.LambdaApi.Response;
import dev.coinslot.support.Wallets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The Lambda-faithful benchmark ({@code ./mvnw -Pbench verify}, see BENCHMARKS.md): cold start, warm checkout latency
 * and throughput, the bare-SDK limit, CPU and allocation per checkout with a JFR profile, write units per item and
 * the economics. Writes target/bench/results.json and target/bench/results.md.
 */
class BenchmarkIT {

    private static final Duration CALL = Duration.ofSeconds(30);
    private static final String SKU = "sticker-cat";
    private static final long PRICE = 49;
    private static final long BALANCE = 1_000_000_000_000L;

    private final int seconds = Integer.getInteger("bench.seconds", 8);
    private final int warmupSeconds = Integer.getInteger("bench.warmupSeconds", 6);
    private final int rounds = Integer.getInteger("bench.rounds", 2);
    private final int coldRuns = Integer.getInteger("bench.coldRuns", 3);
    private final int concurrency = Integer.getInteger("bench.concurrency", 2);
    /** Length of the stage run's measurement: -Dbench.stageSeconds (default 20 s, about 2,000 checkouts or more here). */
    private final int stageSeconds = Integer.getInteger("bench.stageSeconds", 20);
    /** Which parts run: -Dbench.parts=cold,warm,stages (default all three); also coldLevers, functions. */
    private final List<String> parts = List.of(System.getProperty("bench.parts", "cold,warm,stages").split(","));

    private final Map<String, Object> results = new LinkedHashMap<>();
    private final StringBuilder md = new StringBuilder();

    @Test
    void benchmark() throws Exception {
        FunctionProcess.Artifact artifact = FunctionProcess.Artifact.fromSystemProperties();
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        results.put("machine", machine());
        results.put("artifact", artifact.kind());
        results.put("settings", Map.of("seconds", seconds, "warmupSeconds", warmupSeconds, "rounds", rounds,
                "coldRuns", coldRuns, "concurrency", concurrency, "memoryMb", FunctionProcess.MEMORY_MB));
        try (DynamoDbLocalProcess dynamo = DynamoDbLocalProcess.start(); DynamoDbClient client = dynamo.client()) {
            Map<String, String> env = FunctionProcess.dynamoEnv(dynamo.endpoint(), DynamoDbLocalProcess.TABLE);
            env.put("COINSLOT_FUNCTION", "checkout");
            if (parts.contains("cold")) {
                coldStarts(artifact, env, client);
            }
            if (parts.contains("coldLevers") && !artifact.nativeBinary()) {
                coldLevers(artifact, env, client);
            }
            if (parts.contains("warm")) {
                warm(artifact, env, client, out);
            }
            if (!artifact.nativeBinary() && parts.contains("stages")) {
                stages(artifact, env, client);
            }
            if (parts.contains("functions")) {
                functions(artifact, env, client);
            }
        }
        economics();
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("results.json").toFile(), results);
        Files.writeString(out.resolve("results.md"), md.toString());
        System.out.println(md);
    }

    // ---- 1. cold start ------------------------------------------------------------------------------------------

    private void coldStarts(FunctionProcess.Artifact artifact, Map<String, String> env, DynamoDbClient client) {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 0; i < coldRuns; i++) {
            runs.add(coldStart(artifact, env, List.of(), client, "cold-" + i));
        }
        Map<String, Object> cold = new LinkedHashMap<>();
        cold.put("runs", runs);
        for (String key : List.of("initMs", "firstCheckoutMs", "firstInvocationMs", "initCpuMs", "cpuMsAfterFirst", "rssMibAfterFirst")) {
            cold.put(key + "Median", median(runs.stream().mapToDouble(r -> ((Number) r.get(key)).doubleValue()).toArray()));
        }
        results.put("coldStart", cold);
        md.append("## Cold start (").append(coldRuns).append(" runs, median)\n\n")
                .append("| Process start → init done (first /next) | → first checkout answered | first invocation | CPU at init done | CPU after first | RSS after first |\n")
                .append("|---|---|---|---|---|---|\n")
                .append(String.format("| %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f MiB |%n%n", cold.get("initMsMedian"),
                        cold.get("firstCheckoutMsMedian"), cold.get("firstInvocationMsMedian"), cold.get("initCpuMsMedian"),
                        cold.get("cpuMsAfterFirstMedian"), cold.get("rssMibAfterFirstMedian")));
        if (!artifact.nativeBinary()) {
            coldProfile(artifact, env, client);
        }
    }

    /**
     * Cold-start levers, each measured against the plain start in the same run, interleaved (plain, lever, plain,
     * lever, ...) so the machine's drift hits them alike: an AppCDS archive of the function's classes (a training run
     * with {@code -XX:ArchiveClassesAtExit} first), priming during init ({@code COINSLOT_PRIME_AT_STARTUP}), both, and
     * the SDK's default region and credentials chains (credentials in {@code AWS_*} variables, as on Lambda) instead
     * of the explicit ones the other measurements use.
     */
    private void coldLevers(FunctionProcess.Artifact artifact, Map<String, String> env, DynamoDbClient client) {
        Path archive = train(artifact, env, "cds-training", "app-cds.jsa", "-XX:ArchiveClassesAtExit=", client);
        Map<String, String> primed = new LinkedHashMap<>(env);
        primed.put("COINSLOT_PRIME_AT_STARTUP", "true");
        Map<String, String> defaultChains = new LinkedHashMap<>(env);
        defaultChains.remove("QUARKUS_DYNAMODB_AWS_REGION");
        defaultChains.remove("QUARKUS_DYNAMODB_AWS_CREDENTIALS_TYPE");
        defaultChains.remove("QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID");
        defaultChains.remove("QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY");
        defaultChains.put("AWS_ACCESS_KEY_ID", "bench");
        defaultChains.put("AWS_SECRET_ACCESS_KEY", "bench");
        defaultChains.put("AWS_SESSION_TOKEN", "bench");
        List<String> cds = List.of("-XX:SharedArchiveFile=" + archive);
        record Lever(String name, FunctionProcess.Artifact artifact, Map<String, String> env, List<String> jvm) {
        }
        List<Lever> levers = new ArrayList<>(List.of(new Lever("plain (explicit region + static credentials)", artifact, env, List.of()),
                new Lever("AppCDS archive", artifact, env, cds),
                new Lever("priming at init", artifact, primed, List.of()),
                new Lever("AppCDS + priming at init", artifact, primed, cds),
                new Lever("SDK default region/credential chains", artifact, defaultChains, List.of())));
        // -Dbench.leverArtifact=other.zip[,label]: another build of the same code (a build-time setting changed), started
        // with the same environment and interleaved like the others
        String other = System.getProperty("bench.leverArtifact", "").trim();
        Lever otherBuild = null;
        if (!other.isEmpty()) {
            String[] spec = other.split(",", 2);
            otherBuild = new Lever(spec.length > 1 ? spec[1] : "artifact " + spec[0],
                    FunctionProcess.Artifact.of(Path.of(spec[0])), env, List.of());
            levers.add(otherBuild);
        }
        // JDK 25's AOT cache (JEP 483/514/515: classes loaded and linked ahead of time, method profiles), trained the
        // same way; an archive and a cache exclude each other, so it replaces the AppCDS archive in these runs
        if (Runtime.version().feature() >= 25) {
            Path cache = train(artifact, env, "aot-training", "app.aot", "-XX:AOTCacheOutput=", client);
            List<String> aot = List.of("-XX:AOTCache=" + cache);
            levers.add(new Lever("AOT cache (JDK 25)", artifact, env, aot));
            levers.add(new Lever("AOT cache + priming at init", artifact, primed, aot));
            if (otherBuild != null) {
                Path otherCache = train(otherBuild.artifact(), env, "aot-training-other", "app-other.aot", "-XX:AOTCacheOutput=",
                        client);
                levers.add(new Lever(otherBuild.name() + " + AOT cache", otherBuild.artifact(), env,
                        List.of("-XX:AOTCache=" + otherCache)));
            }
        }
        Map<String, List<Map<String, Object>>> runs = new LinkedHashMap<>();
        for (int i = 0; i < coldRuns; i++) {
            for (Lever lever : levers) {
                runs.computeIfAbsent(lever.name(), k -> new ArrayList<>())
                        .add(coldStart(lever.artifact(), lever.env(), lever.jvm(), client, "lever"));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        md.append("## Cold-start levers (").append(coldRuns).append(" interleaved runs each, medians)\n\n")
                .append("| Lever | Init (→ first /next) | First checkout after init | Start → first answer | CPU at init | CPU after first |\n")
                .append("|---|---|---|---|---|---|\n");
        runs.forEach((name, list) -> {
            Map<String, Object> med = new LinkedHashMap<>();
            for (String key : List.of("initMs", "firstInvocationMs", "firstCheckoutMs", "initCpuMs", "cpuMsAfterFirst")) {
                med.put(key, median(list.stream().mapToDouble(r -> ((Number) r.get(key)).doubleValue()).toArray()));
            }
            med.put("runs", list);
            result.put(name, med);
            md.append(String.format("| %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms |%n", name, med.get("initMs"),
                    med.get("firstInvocationMs"), med.get("firstCheckoutMs"), med.get("initCpuMs"), med.get("cpuMsAfterFirst")));
        });
        md.append('\n');
        results.put("coldLevers", result);
    }

    /**
     * One training run for a class archive or AOT cache: the function under the same flags plus {@code option + file},
     * one checkout and one {@code GET /catalog}, then SIGTERM; the JVM writes the file at exit.
     */
    private Path train(FunctionProcess.Artifact artifact, Map<String, String> env, String name, String file, String option,
            DynamoDbClient client) {
        Path output = Path.of("target", "bench", file).toAbsolutePath();
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        FunctionProcess training = FunctionProcess.start(artifact, name, env, List.of(option + output));
        try {
            training.awaitInit(Duration.ofSeconds(60));
            String user = funded(client);
            assertEquals(201, call(training, LambdaApi.as(user).checkoutEvent(UUID.randomUUID().toString(), SKU, 1, PRICE)).status());
            assertEquals(200, call(training, LambdaApi.as(user).event("GET", "/catalog", Map.of(), null, Map.of())).status());
        } finally {
            training.close(Duration.ofSeconds(120)); // written at exit (~50 MB; an AOT cache is assembled then)
        }
        assertTrue(Files.exists(output), "the training run " + name + " wrote no " + file);
        return output;
    }

    private Map<String, Object> coldStart(FunctionProcess.Artifact artifact, Map<String, String> env, List<String> jvm,
            DynamoDbClient client, String name) {
        String user = funded(client);
        try (FunctionProcess f = FunctionProcess.start(artifact, name, env, jvm)) {
            long init = f.awaitInit(Duration.ofSeconds(60));
            long initCpu = f.cpuMillis();
            Response r = call(f, LambdaApi.as(user).checkoutEvent(UUID.randomUUID().toString(), SKU, 1, PRICE));
            long first = System.nanoTime() - f.startNanos();
            assertEquals(201, r.status(), r.body());
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("initMs", ms(init));
            run.put("firstCheckoutMs", ms(first));
            run.put("firstInvocationMs", ms(first - init));
            run.put("initCpuMs", initCpu);
            run.put("cpuMsAfterFirst", f.cpuMillis());
            run.put("rssMibAfterFirst", f.rssKib() / 1024.0);
            return run;
        }
    }

    /** One more cold start, not counted above, recorded by JFR from process start to the first checkout's answer. */
    private void coldProfile(FunctionProcess.Artifact artifact, Map<String, String> env, DynamoDbClient client) {
        String user = funded(client);
        Path jfr = Path.of("target", "bench", "cold.jfr").toAbsolutePath();
        try (FunctionProcess f = FunctionProcess.start(artifact, "cold-profiled", env,
                List.of("-XX:StartFlightRecording:name=cold,settings=profile"))) {
            f.awaitInit(Duration.ofSeconds(60));
            assertEquals(201, call(f, LambdaApi.as(user).checkoutEvent(UUID.randomUUID().toString(), SKU, 1, PRICE)).status());
            try (JvmProbe probe = JvmProbe.attach(f.pid())) {
                probe.stopRecording("cold", jfr);
            }
            JfrSummary summary = JfrSummary.read(jfr);
            results.put("coldProfile", summary);
            profileTable("Where a cold start spends CPU (JFR from process start to the first checkout's answer; "
                    + "an extra run, not in the medians)", summary);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- 2-5. warm --------------------------------------------------------------------------------------------

    private void warm(FunctionProcess.Artifact artifact, Map<String, String> env, DynamoDbClient client, Path out)
            throws Exception {
        List<FunctionProcess> functions = new ArrayList<>();
        try {
            for (int i = 0; i < concurrency; i++) {
                // one after the other: the Runtime Interface Client unpacks its JNI library to a fixed /tmp path
                FunctionProcess f = FunctionProcess.start(artifact, "warm-" + i, env, List.of());
                functions.add(f);
                f.awaitInit(Duration.ofSeconds(60));
            }
            List<String> users = new ArrayList<>();
            List<BareTransactLoop> bare = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                users.add(funded(client));
                String bareUser = Wallets.newUser("bare");
                Wallets.fund(client, DynamoDbLocalProcess.TABLE, bareUser, BALANCE);
                bare.add(new BareTransactLoop(client, DynamoDbLocalProcess.TABLE, bareUser, BALANCE, 1));
            }
            // warm-up: the functions (C1 only, as on Lambda) and the bare loop (this JVM)
            drive(functions, users, warmupSeconds);
            driveBare(bare, warmupSeconds);
            driveCatalog(functions.get(0), users.get(0), Math.max(2, warmupSeconds / 4));

            JvmProbe probe = artifact.nativeBinary() ? null : JvmProbe.attach(functions.get(0).pid());
            List<Map<String, Object>> roundResults = new ArrayList<>();
            JvmProbe.Counters cost = new JvmProbe.Counters(0, 0);
            long costCheckouts = 0;
            long procCpuMillis = 0;
            for (int r = 0; r < rounds; r++) {
                JvmProbe.Counters before = probe == null ? null : probe.read();
                long procBefore = functions.get(0).cpuMillis();
                Run app1 = drive(functions.subList(0, 1), users.subList(0, 1), seconds);
                procCpuMillis += functions.get(0).cpuMillis() - procBefore;
                if (probe != null) {
                    JvmProbe.Counters d = probe.read().minus(before);
                    cost = new JvmProbe.Counters(cost.cpuNanos() + d.cpuNanos(), cost.allocatedBytes() + d.allocatedBytes());
                }
                costCheckouts += app1.count();
                Run bare1 = driveBare(bare.subList(0, 1), seconds);
                Run appN = drive(functions, users, seconds);
                Run bareN = driveBare(bare, seconds);
                // the floor of an invocation through the same path (emulator, RIC, Quarkus, route, answer): a checkout
                // costing floor + bare transaction would reach floor/s ÷ (floor/s + bare/s), the reference printed
                // beside the 1-client ratio (not a bound: a catalog answer does work of its own)
                Run floor = driveCatalog(functions.get(0), users.get(0), Math.max(2, seconds / 2));
                Map<String, Object> round = new LinkedHashMap<>();
                round.put("floor1", floor.summary());
                round.put("catalogEquivalent1", round2(floor.throughput() / (floor.throughput() + bare1.throughput())));
                round.put("app1", app1.summary());
                round.put("bare1", bare1.summary());
                round.put("appN", appN.summary());
                round.put("bareN", bareN.summary());
                round.put("ratio1", round2(app1.throughput() / bare1.throughput()));
                round.put("ratioN", round2(appN.throughput() / bareN.throughput()));
                roundResults.add(round);
            }
            results.put("warmRounds", roundResults);
            Map<String, Object> perCheckout = new LinkedHashMap<>();
            perCheckout.put("checkouts", costCheckouts);
            perCheckout.put("procCpuMicros", Math.round(1000.0 * procCpuMillis / costCheckouts));
            if (probe != null) {
                perCheckout.put("jmxCpuMicros", Math.round(cost.cpuNanos() / 1000.0 / costCheckouts));
                perCheckout.put("allocatedBytes", cost.allocatedBytes() / costCheckouts);
            }
            long bareCpu = bare.stream().mapToLong(BareTransactLoop::cpuNanos).sum();
            long bareTx = bare.stream().mapToLong(BareTransactLoop::transactions).sum();
            perCheckout.put("bareClientCpuMicrosPerTransaction", Math.round(bareCpu / 1000.0 / Math.max(1, bareTx)));
            results.put("costPerWarmCheckout", perCheckout);
            warmTable(roundResults, perCheckout);

            hotWallet(functions, client);

            if (probe != null) {
                Path jfr = out.resolve("checkout.jfr").toAbsolutePath();
                probe.startRecording("bench", jfr);
                Run profiled = drive(functions.subList(0, 1), users.subList(0, 1), seconds);
                probe.stopRecording("bench", jfr);
                probe.close();
                JfrSummary summary = JfrSummary.read(jfr);
                results.put("profile", Map.of("checkouts", profiled.count(), "summary", summary));
                profileTable("Where a warm checkout spends CPU and allocates (JFR, function process, "
                        + profiled.count() + " checkouts)", summary);
            }
            Map<String, Object> memory = new LinkedHashMap<>();
            for (int i = 0; i < functions.size(); i++) {
                memory.put("warm-" + i + "RssMib", functions.get(i).rssKib() / 1024.0);
            }
            results.put("rssAfterWarmLoad", memory);
            md.append(String.format("RSS after warm load: %s MiB (per function process).%n%n", memory.values()));
            writeUnits(client, users.get(0));
        } finally {
            functions.forEach(FunctionProcess::close);
        }
    }

    private void warmTable(List<Map<String, Object>> rounds, Map<String, Object> perCheckout) {
        md.append("## Warm checkout (distinct wallets; ").append(seconds).append(" s per measurement, ")
                .append(this.rounds).append(" alternating rounds)\n\n")
                .append("| Round | Clients | Checkout p50 | p99 | checkouts/s | Bare SDK p50 | p99 | tx/s | Ratio |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        List<Double> r1 = new ArrayList<>();
        List<Double> rN = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            Map<String, Object> round = rounds.get(i);
            row(i + 1, 1, round.get("app1"), round.get("bare1"), round.get("ratio1"));
            row(i + 1, concurrency, round.get("appN"), round.get("bareN"), round.get("ratioN"));
            r1.add((Double) round.get("ratio1"));
            rN.add((Double) round.get("ratioN"));
        }
        double m1 = median(r1.stream().mapToDouble(Double::doubleValue).toArray());
        double mN = median(rN.stream().mapToDouble(Double::doubleValue).toArray());
        results.put("ratioVsBareMedian", Map.of("clients1", m1, "clientsN", mN));
        md.append(String.format("%nMedian ratio checkout/bare: %.2f (1 client), %.2f (%d clients).%n%n", m1, mN, concurrency));
        List<Double> references = new ArrayList<>();
        md.append("Floor (`GET /catalog`, 1 client, same function) and the 1-client ratio of a checkout that cost floor + bare "
                + "transaction, floor/s ÷ (floor/s + bare/s):");
        for (int i = 0; i < rounds.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> floor = (Map<String, Object>) rounds.get(i).get("floor1");
            references.add((Double) rounds.get(i).get("catalogEquivalent1"));
            md.append(String.format(" round %d: p50 %.2f ms, %.0f/s → %.2f;", i + 1, floor.get("p50Ms"), floor.get("perSecond"),
                    rounds.get(i).get("catalogEquivalent1")));
        }
        double reference = median(references.stream().mapToDouble(Double::doubleValue).toArray());
        results.put("catalogEquivalent1Median", reference);
        md.append(String.format(" median %.2f.%n%n", reference));
        md.append(String.format("Per warm checkout (function process, %s checkouts): CPU %s µs (/proc), %s µs (JMX); allocated %s bytes.%n%n",
                perCheckout.get("checkouts"), perCheckout.get("procCpuMicros"), perCheckout.getOrDefault("jmxCpuMicros", "n/a"),
                perCheckout.getOrDefault("allocatedBytes", "n/a")));
        md.append(String.format("Bare SDK loop, client side (this JVM, its own thread CPU time, warm-up included): %s µs CPU per transaction.%n%n",
                perCheckout.get("bareClientCpuMicrosPerTransaction")));
    }

    @SuppressWarnings("unchecked")
    private void row(int round, int clients, Object app, Object bare, Object ratio) {
        Map<String, Object> a = (Map<String, Object>) app;
        Map<String, Object> b = (Map<String, Object>) bare;
        md.append(String.format("| %d | %d | %.2f ms | %.2f ms | %.0f | %.2f ms | %.2f ms | %.0f | %.2f |%n", round, clients,
                a.get("p50Ms"), a.get("p99Ms"), a.get("perSecond"), b.get("p50Ms"), b.get("p99Ms"), b.get("perSecond"), ratio));
    }

    private void hotWallet(List<FunctionProcess> functions, DynamoDbClient client) {
        String hot = funded(client);
        List<String> same = new ArrayList<>();
        functions.forEach(f -> same.add(hot));
        Run run = drive(functions, same, seconds);
        Map<Integer, Long> attempts = new TreeMap<>();
        long contended = 0;
        Pattern purchased = Pattern.compile("checkout wallet=" + Pattern.quote(hot) + " .*outcome=purchased .*attempts=(\\d+)");
        for (FunctionProcess f : functions) {
            for (String line : f.log().split("\n")) {
                Matcher m = purchased.matcher(line);
                if (m.find()) {
                    attempts.merge(Integer.parseInt(m.group(1)), 1L, Long::sum);
                } else if (line.contains("checkout wallet=" + hot) && line.contains("outcome=contended")) {
                    contended++;
                }
            }
        }
        long committed = attempts.values().stream().mapToLong(Long::longValue).sum();
        long extraWrites = attempts.entrySet().stream().mapToLong(e -> (e.getKey() - 1L) * e.getValue()).sum();
        Map<String, Object> hotResult = new LinkedHashMap<>(run.summary());
        hotResult.put("purchasesByAttempts", attempts);
        hotResult.put("contendedAnswers", contended);
        hotResult.put("retriedWritesPerPurchase", committed == 0 ? 0 : round2((double) extraWrites / committed));
        results.put("hotWallet", hotResult);
        md.append("## One hot wallet, ").append(functions.size()).append(" clients\n\n")
                .append(String.format("p50 %.2f ms, p99 %.2f ms, %.0f checkouts/s; statuses %s; purchases by attempts %s; "
                        + "retried writes per purchase %.2f; contended (503) answers %d.%n%n", run.summary().get("p50Ms"),
                        run.summary().get("p99Ms"), run.summary().get("perSecond"), run.statuses(), attempts,
                        hotResult.get("retriedWritesPerPurchase"), contended));
    }

    private void profileTable(String title, JfrSummary s) {
        md.append("## ").append(title).append("\n\n")
                .append(String.format("%d CPU samples, %d MiB sampled allocation weight.%n%n", s.cpuSamples(), s.allocationWeight() >> 20))
                .append("| Library (inclusive) | CPU % | Allocation % |\n|---|---|---|\n");
        for (String lib : JfrSummary.LIBRARIES.values()) {
            md.append(String.format("| %s | %s | %s |%n", lib, s.cpuByLibrary().getOrDefault(lib, 0.0),
                    s.allocationByLibrary().getOrDefault(lib, 0.0)));
        }
        md.append("\n| Top CPU frames (first non-JDK frame) | % |\n|---|---|\n");
        s.cpuTopFrames().forEach((k, v) -> md.append("| `").append(k).append("` | ").append(v).append(" |\n"));
        md.append("\n| Top allocating frames (first non-JDK frame) | % |\n|---|---|\n");
        s.allocationTopFrames().forEach((k, v) -> md.append("| `").append(k).append("` | ").append(v).append(" |\n"));
        md.append('\n');
    }

    // ---- stage timing ---------------------------------------------------------------------------------------

    /**
     * One more function process with the stage clock on ({@code COINSLOT_BENCH_STAGES}):
     * medians of each stage of a warm direct checkout, next to the same process's {@code GET /catalog} round trip
     * (the floor of any invocation) and the bare SDK transaction, measured back to back.
     */
    private void stages(FunctionProcess.Artifact artifact, Map<String, String> env, DynamoDbClient client) {
        Map<String, String> stageEnv = new LinkedHashMap<>(env);
        stageEnv.put("COINSLOT_BENCH_STAGES", "true");
        String user = funded(client);
        String bareUser = Wallets.newUser("bare");
        Wallets.fund(client, DynamoDbLocalProcess.TABLE, bareUser, BALANCE);
        BareTransactLoop bare = new BareTransactLoop(client, DynamoDbLocalProcess.TABLE, bareUser, BALANCE, 1);
        try (FunctionProcess f = FunctionProcess.start(artifact, "stages", stageEnv, List.of())) {
            f.awaitInit(Duration.ofSeconds(60));
            LambdaApi caller = LambdaApi.as(user);
            Step checkout = i -> {
                String event = caller.event("POST", "/checkout", Map.of("Idempotency-Key", UUID.randomUUID().toString(),
                        "x-bench-sent-nanos", RuntimeApiEmulator.SENT_PLACEHOLDER),
                        "{\"sku\":\"" + SKU + "\",\"quantity\":1,\"expectedPriceCredits\":" + PRICE + "}", Map.of());
                RuntimeApiEmulator.Result result = f.api().invoke(event, CALL);
                assertEquals(201, Response.parse(result.body()).status(), result.body());
                return result.functionNanos() * 1_000_000_000L + result.nanos();
            };
            Step catalog = i -> {
                RuntimeApiEmulator.Result result = f.api().invoke(caller.event("GET", "/catalog", Map.of(), null, Map.of()), CALL);
                assertEquals(200, Response.parse(result.body()).status(), result.body());
                return result.nanos();
            };
            parallel(1, warmupSeconds, new ConcurrentHashMap<>(), checkout);
            parallel(1, warmupSeconds / 2 + 1, new ConcurrentHashMap<>(), catalog);
            driveBare(List.of(bare), warmupSeconds / 2 + 1);
            int logFrom = f.log().length();
            Run checkouts = parallel(1, stageSeconds, new ConcurrentHashMap<>(), checkout);
            String log = f.log().substring(logFrom);
            Run catalogs = parallel(1, Math.max(2, seconds / 2), new ConcurrentHashMap<>(), catalog);
            Run bares = driveBare(List.of(bare), Math.max(2, seconds / 2));

            // a checkout step returns functionNanos * 1e9 + round-trip nanos (both well below 1 s)
            long[] roundTrip = Arrays.stream(checkouts.nanos()).map(v -> v % 1_000_000_000L).toArray();
            long[] inFunction = Arrays.stream(checkouts.nanos()).map(v -> v / 1_000_000_000L).toArray();
            Map<String, List<Double>> medians = new LinkedHashMap<>();
            Matcher m = Pattern.compile("bench-stages n=\\d+ medianMicros ([^\"\\n]*)").matcher(log);
            int windows = 0;
            while (m.find()) {
                windows++;
                for (String pair : m.group(1).trim().split(" ")) {
                    String[] kv = pair.split("=");
                    medians.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(Double.parseDouble(kv[1]));
                }
            }
            assertTrue(windows > 0, "the stage run logged no stage medians: " + f.logTail());
            Map<String, Object> stage = new LinkedHashMap<>();
            medians.forEach((k, v) -> stage.put(k, round2(median(v.stream().mapToDouble(Double::doubleValue).toArray()))));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("checkouts", checkouts.count());
            result.put("warmupSeconds", warmupSeconds);
            result.put("stageWindows", windows);
            result.put("checkoutRoundTripP50Ms", round2(p50(roundTrip) / 1e6));
            result.put("functionSideP50Ms", round2(p50(inFunction) / 1e6));
            result.put("catalogRoundTripP50Ms", catalogs.summary().get("p50Ms"));
            result.put("bareP50Ms", bares.summary().get("p50Ms"));
            result.put("stageMedianMicros", stage);
            double budget = (Double) bares.summary().get("p50Ms") + (Double) catalogs.summary().get("p50Ms") + 1.0;
            result.put("goalP50Ms", round2(budget));
            results.put("stages", result);
            md.append("## Where a warm direct checkout's time goes (stage clock on; ").append(checkouts.count())
                    .append(" checkouts after ").append(warmupSeconds).append(" s warm-up, medians of ").append(windows)
                    .append(" windows of 250)\n\n| Stage | Median µs |\n|---|---|\n");
            stage.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            md.append(String.format("%nCheckout round trip p50 %.2f ms (function side, /next hand-out → answer: %.2f ms); "
                    + "GET /catalog p50 %.2f ms; bare transaction p50 %.2f ms; goal bare + catalog + 1 ms = %.2f ms.%n%n",
                    result.get("checkoutRoundTripP50Ms"), result.get("functionSideP50Ms"), result.get("catalogRoundTripP50Ms"),
                    result.get("bareP50Ms"), budget));
        }
    }

    // ---- per-function memory ---------------------------------------------------------------------------------

    /**
     * Each function the template deploys, started alone as Lambda would (its {@code COINSLOT_FUNCTION}, Stripe keys
     * pointing at a closed port so nothing leaves the machine): init, RSS and CPU after init, after its first request
     * and after {@code bench.functionRequests} more of the same request, the numbers its {@code MemorySize} is chosen
     * from. Requests: checkout {@code POST /checkout}; top-up {@code GET /topups/packs}; webhook an unsigned
     * {@code POST /webhooks/stripe} (refused with 400 after the signature check); admin {@code GET /admin/catalog};
     * metrics a stream batch of up to 100 of the checkout's own purchase entries (the template's default batch size;
     * later batches repeat earlier records, which the metrics count once).
     */
    private void functions(FunctionProcess.Artifact artifact, Map<String, String> env, DynamoDbClient client) {
        int requests = Integer.getInteger("bench.functionRequests", 300);
        String user = funded(client);
        record Fn(String name, java.util.function.IntFunction<String> event) {
        }
        // the checkout's purchase entries, read once when the metrics function (started after it) needs them
        java.util.function.Supplier<List<Map<String, AttributeValue>>> purchases = new java.util.function.Supplier<>() {
            private List<Map<String, AttributeValue>> items;

            @Override
            public List<Map<String, AttributeValue>> get() {
                if (items == null) {
                    items = client.query(QueryRequest.builder().tableName(DynamoDbLocalProcess.TABLE)
                            .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)").limit(300)
                            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("WALLET#" + user),
                                    ":prefix", AttributeValue.fromS("LEDGER#")))
                            .build()).items().stream().filter(i -> i.containsKey("purchaseId")).toList();
                    assertTrue(!items.isEmpty(), "the checkout function wrote no purchase entries to batch");
                }
                return items;
            }
        };
        List<Fn> fns = List.of(
                new Fn("checkout", i -> LambdaApi.as(user).checkoutEvent(UUID.randomUUID().toString(), SKU, 1, PRICE)),
                new Fn("topup", i -> LambdaApi.as(user).event("GET", "/topups/packs", Map.of(), null, Map.of())),
                new Fn("webhook", i -> LambdaApi.anonymous().event("POST", "/webhooks/stripe",
                        Map.of("Content-Type", "application/json", "Stripe-Signature", "t=1,v1=00"),
                        "{\"id\":\"evt_bench\",\"type\":\"payment_intent.succeeded\"}", Map.of())),
                new Fn("admin", i -> LambdaApi.as("bench-operator").withScopes("coinslot/operator")
                        .event("GET", "/admin/catalog", Map.of(), null, Map.of())),
                new Fn("metrics", i -> metricsBatch(purchases, i)));
        Map<String, Object> result = new LinkedHashMap<>();
        md.append("## Per function: init, memory and CPU (one process each, Lambda's java21 flags, heap sized for ")
                .append(FunctionProcess.MEMORY_MB).append(" MB)\n\n")
                .append("| Function | Init | CPU at init | RSS at init | First request (status) | RSS after it | ")
                .append("more requests: n, p50 | CPU per request | RSS after |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Fn fn : fns) {
            Map<String, String> fenv = new LinkedHashMap<>(env);
            fenv.put("COINSLOT_FUNCTION", fn.name());
            fenv.put("STRIPE_SECRET_KEY", "sk_test_bench");
            fenv.put("STRIPE_WEBHOOK_SECRET", "whsec_bench");
            fenv.put("STRIPE_API_BASE", "http://127.0.0.1:9");
            fenv.put("STRIPE_MAX_NETWORK_RETRIES", "0");
            try (FunctionProcess f = FunctionProcess.start(artifact, "fn-" + fn.name(), fenv, List.of())) {
                long init = f.awaitInit(Duration.ofSeconds(60));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("initMs", ms(init));
                row.put("initCpuMs", f.cpuMillis());
                row.put("rssMibAtInit", round2(f.rssKib() / 1024.0));
                if (fn.event() != null) {
                    String firstEvent = fn.event().apply(0);
                    long t0 = System.nanoTime();
                    int status = answerStatus(f, firstEvent);
                    row.put("firstRequestMs", ms(System.nanoTime() - t0));
                    row.put("firstStatus", status);
                    assertTrue(status < 500, fn.name() + ": " + status + " " + f.logTail());
                    row.put("rssMibAfterFirst", round2(f.rssKib() / 1024.0));
                    long cpu0 = f.cpuMillis();
                    // a metrics batch is 100 records (~1 s against DynamoDB Local here): a tenth as many
                    int n = fn.name().equals("metrics") ? Math.max(1, requests / 10) : requests;
                    row.put("requests", n);
                    long[] nanos = new long[n];
                    for (int i = 0; i < n; i++) {
                        String event = fn.event().apply(i + 1);
                        long s0 = System.nanoTime();
                        assertTrue(answerStatus(f, event) < 500);
                        nanos[i] = System.nanoTime() - s0;
                    }
                    row.put("p50Ms", round2(p50(nanos) / 1e6));
                    row.put("cpuMicrosPerRequest", Math.round(1000.0 * (f.cpuMillis() - cpu0) / n));
                    row.put("rssMibAfterRequests", round2(f.rssKib() / 1024.0));
                }
                result.put(fn.name(), row);
                md.append(String.format("| %s | %.0f ms | %d ms | %.0f MiB | %s | %s | %s | %s | %s |%n", fn.name(),
                        row.get("initMs"), (Long) row.get("initCpuMs"), row.get("rssMibAtInit"),
                        row.containsKey("firstStatus") ? String.format("%.0f ms (%s)", row.get("firstRequestMs"), row.get("firstStatus")) : "–",
                        row.containsKey("rssMibAfterFirst") ? String.format("%.0f MiB", row.get("rssMibAfterFirst")) : "–",
                        row.containsKey("p50Ms") ? row.get("requests") + ", " + row.get("p50Ms") + " ms" : "–",
                        row.containsKey("cpuMicrosPerRequest") ? row.get("cpuMicrosPerRequest") + " µs" : "–",
                        row.containsKey("rssMibAfterRequests") ? String.format("%.0f MiB", row.get("rssMibAfterRequests")) : "–"));
            }
        }
        md.append('\n');
        results.put("functions", result);
    }

    /** An API answer's status; a stream batch's answer (no status) counts as 200 when it names no failed record. */
    private static int answerStatus(FunctionProcess f, String event) {
        RuntimeApiEmulator.Result result = f.api().invoke(event, CALL);
        assertTrue(result.ok(), result.body());
        if (event.startsWith("{\"Records\"")) {
            return result.body().contains("\"batchItemFailures\":[]") ? 200 : 500;
        }
        return Response.parse(result.body()).status();
    }

    /** Batch {@code n}: up to 100 of the checkout's purchase entries as stream inserts, rotating through them. */
    private static String metricsBatch(java.util.function.Supplier<List<Map<String, AttributeValue>>> purchases, int n) {
        List<Map<String, AttributeValue>> items = purchases.get();
        List<dev.coinslot.support.StreamBatches.Change> changes = new ArrayList<>();
        for (int i = 0; i < Math.min(100, items.size()); i++) {
            changes.add(dev.coinslot.support.StreamBatches.Change.insert(String.format("%021d", n * 1000L + i),
                    items.get((n * 100 + i) % items.size())));
        }
        return dev.coinslot.support.StreamBatches.event(changes);
    }

    private static long p50(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    // ---- 4. write units from item sizes ---------------------------------------------------------------------

    private void writeUnits(DynamoDbClient client, String user) {
        Map<String, Integer> largest = new LinkedHashMap<>();
        // the purchase's ledger entry is also its purchase record: four items per checkout of one catalog item
        Map<String, String> kinds = Map.of("wallet", "WALLET", "purchase ledger entry", "LEDGER#",
                "idempotency record", "IDEM#checkout#", "entitlement", "ENT#");
        kinds.forEach((kind, prefix) -> client.query(QueryRequest.builder().tableName(DynamoDbLocalProcess.TABLE)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)").limit(20).consistentRead(true)
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("WALLET#" + user), ":prefix", AttributeValue.fromS(prefix)))
                .build()).items().forEach(item -> largest.merge(kind, ItemSize.bytes(item), Math::max)));
        assertEquals(4, largest.size(), "a checkout writes four items (one entitlement per item granted): " + largest);
        int wcu = largest.values().stream().mapToInt(ItemSize::transactionalWcu).sum();
        results.put("checkoutItems", Map.of("largestBytes", largest, "transactionalWcu", wcu));
        md.append("## DynamoDB write units per checkout (from the sizes of the items the checkout wrote)\n\n| Item | Bytes | WCU (transactional) |\n|---|---|---|\n");
        largest.forEach((k, v) -> md.append(String.format("| %s | %d | %d |%n", k, v, ItemSize.transactionalWcu(v))));
        md.append(String.format("| **one TransactWriteItems** | | **%d** |%n%n", wcu));
    }

    // ---- 6. economics --------------------------------------------------------------------------------------

    private void economics() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src", "main", "resources", "application.properties"))) {
            p.load(in);
        }
        Map<String, Object> packs = new LinkedHashMap<>();
        md.append("## Card fees: a 0.99 item charged directly vs paid from a pack (2.9% + 0.30 per card charge)\n\n")
                .append("| Charge | Card fee | Fee share | Fee carried by a 99-credit item |\n|---|---|---|---|\n");
        double direct = 99 * 0.029 + 30;
        md.append(String.format("| 0.99 direct | %.4f | %.1f%% | %.4f |%n", direct / 100, 100 * direct / 99, direct / 100));
        for (String id : List.of("starter", "plus", "max")) {
            long price = Long.parseLong(p.getProperty("coinslot.packs." + id + ".price-minor"));
            long credits = Long.parseLong(p.getProperty("coinslot.packs." + id + ".credits"))
                    + Long.parseLong(p.getProperty("coinslot.packs." + id + ".bonus-credits", "0"));
            double fee = price * 0.029 + 30;
            double perItem = fee / credits * 99;
            packs.put(id, Map.of("priceMinor", price, "credits", credits, "feeMinor", fee, "feeShare", fee / price,
                    "feePer99CreditItemMinor", perItem));
            md.append(String.format("| %s pack %.2f (%d credits) | %.4f | %.1f%% | %.4f |%n", id, price / 100.0, credits,
                    fee / 100, 100 * fee / price, perItem / 100));
        }
        results.put("cardFees", packs);
        md.append('\n');
    }

    // ---- drivers --------------------------------------------------------------------------------------------

    /** Latencies and outcomes of one measurement. */
    record Run(long[] nanos, long wallNanos, Map<Integer, Long> statuses) {
        long count() {
            return nanos.length;
        }

        double throughput() {
            return nanos.length / (wallNanos / 1e9);
        }

        Map<String, Object> summary() {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", sorted.length);
            m.put("perSecond", round2(throughput()));
            m.put("p50Ms", round2(sorted[sorted.length / 2] / 1e6));
            m.put("p99Ms", round2(sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6));
            m.put("statuses", statuses);
            return m;
        }
    }

    /** One client per function process (Lambda gives each environment one invocation at a time). */
    private Run drive(List<FunctionProcess> functions, List<String> users, int durationSeconds) {
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        return parallel(functions.size(), durationSeconds, statuses, i -> {
            String event = LambdaApi.as(users.get(i)).checkoutEvent(UUID.randomUUID().toString(), SKU, 1, PRICE);
            long start = System.nanoTime();
            RuntimeApiEmulator.Result result = functions.get(i).api().invoke(event, CALL);
            long took = System.nanoTime() - start;
            statuses.merge(result.ok() ? Response.parse(result.body()).status() : -1, 1L, Long::sum);
            return took;
        });
    }

    /** {@code GET /catalog} on one function, one client: the same invocation path as a checkout without DynamoDB. */
    private Run driveCatalog(FunctionProcess function, String user, int durationSeconds) {
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        String event = LambdaApi.as(user).event("GET", "/catalog", Map.of(), null, Map.of());
        return parallel(1, durationSeconds, statuses, i -> {
            long start = System.nanoTime();
            RuntimeApiEmulator.Result result = function.api().invoke(event, CALL);
            long took = System.nanoTime() - start;
            statuses.merge(result.ok() ? Response.parse(result.body()).status() : -1, 1L, Long::sum);
            return took;
        });
    }

    private Run driveBare(List<BareTransactLoop> loops, int durationSeconds) {
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        return parallel(loops.size(), durationSeconds, statuses, i -> {
            long took = loops.get(i).once();
            statuses.merge(200, 1L, Long::sum);
            return took;
        });
    }

    interface Step {
        long run(int client) throws Exception;
    }

    private static Run parallel(int clients, int durationSeconds, Map<Integer, Long> statuses, Step step) {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            long deadline = start + durationSeconds * 1_000_000_000L;
            List<Future<long[]>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int client = i;
                futures.add(pool.submit(() -> {
                    long[] buf = new long[1024];
                    int n = 0;
                    while (System.nanoTime() < deadline) {
                        if (n == buf.length) {
                            buf = Arrays.copyOf(buf, n * 2);
                        }
                        buf[n++] = step.run(client);
                    }
                    return Arrays.copyOf(buf, n);
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> f : futures) {
                all.add(f.get());
            }
            long wall = System.nanoTime() - start;
            long[] merged = all.stream().flatMapToLong(Arrays::stream).toArray();
            assertTrue(merged.length > 0, "no operation completed");
            return new Run(merged, wall, new TreeMap<>(statuses));
        } catch (Exception e) {
            throw new IllegalStateException("measurement failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static Response call(FunctionProcess f, String event) {
        RuntimeApiEmulator.Result result = f.api().invoke(event, CALL);
        assertTrue(result.ok(), () -> "invocation error: " + result.body() + "\n" + f.logTail());
        return Response.parse(result.body());
    }

    private static String funded(DynamoDbClient client) {
        String user = Wallets.newUser("bench");
        Wallets.fund(client, DynamoDbLocalProcess.TABLE, user, BALANCE);
        return user;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("date", Instant.now().toString());
        try {
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> m.put("cpuModel", l.substring(l.indexOf(':') + 1).trim()));
        } catch (IOException ignored) {
            // not Linux: the model is optional
        }
        return m;
    }

    private static double ms(long nanos) {
        return round2(nanos / 1e6);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
