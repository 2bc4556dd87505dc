package dev.coinslot.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One Lambda execution environment: the packaged function started as a separate process against its own
 * {@link RuntimeApiEmulator}, with a clean environment like Lambda's. The artifact is {@code target/function.zip}
 * unless {@code -Dbench.artifact} names another zip or a native {@code bootstrap}. A zip with a {@code bootstrap} entry
 * is a native (provided.al2023) build and is run as is; otherwise it is a JVM build, run the way Lambda's java21
 * runtime runs it: the Runtime Interface Client (from the test classpath) with {@code LAMBDA_TASK_ROOT} pointing at
 * the unpacked zip and the handler string as argument.
 */
public final class FunctionProcess implements AutoCloseable {

    public static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    /** The memory size the JVM heap is sized for, as Lambda sizes it from the function's MemorySize. */
    public static final int MEMORY_MB = 256;

    private final Process process;
    private final long startNanos;
    private final RuntimeApiEmulator api;
    private final Path log;

    private FunctionProcess(Process process, long startNanos, RuntimeApiEmulator api, Path log) {
        this.process = process;
        this.startNanos = startNanos;
        this.api = api;
        this.log = log;
    }

    /** Which artifact runs: "native" or "jvm", and the task root (unpacked zip) or binary. */
    public record Artifact(boolean nativeBinary, Path path) {

        public static Artifact fromSystemProperties() {
            String configured = System.getProperty("bench.artifact", "");
            return of(configured.isBlank() ? Path.of("target", "function.zip") : Path.of(configured));
        }

        /** A zip (JVM task root, or native when it holds a {@code bootstrap}) or a native binary. */
        public static Artifact of(Path path) {
            if (!Files.exists(path)) {
                throw new IllegalStateException(path.toAbsolutePath() + " not found: run ./mvnw package first");
            }
            if (!path.getFileName().toString().endsWith(".zip")) {
                return new Artifact(true, path.toAbsolutePath());
            }
            Path root = unpack(path);
            Path bootstrap = root.resolve("bootstrap");
            return Files.exists(bootstrap) ? new Artifact(true, bootstrap) : new Artifact(false, root);
        }

        public String kind() {
            return nativeBinary ? "native" : "jvm";
        }

        private static Path unpack(Path zip) {
            try {
                Path root = Path.of("target", "bench", "task-" + Files.getLastModifiedTime(zip).toMillis()).toAbsolutePath();
                if (Files.exists(root.resolve(".complete"))) {
                    return root;
                }
                try (ZipFile file = new ZipFile(zip.toFile())) {
                    for (ZipEntry entry : file.stream().toList()) {
                        Path target = root.resolve(entry.getName()).normalize();
                        if (!target.startsWith(root)) {
                            throw new IllegalStateException("zip entry outside the task root: " + entry.getName());
                        }
                        if (entry.isDirectory()) {
                            Files.createDirectories(target);
                        } else {
                            Files.createDirectories(target.getParent());
                            try (InputStream in = file.getInputStream(entry)) {
                                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                            }
                        }
                    }
                }
                Path bootstrap = root.resolve("bootstrap");
                if (Files.exists(bootstrap)) {
                    bootstrap.toFile().setExecutable(true);
                }
                Files.createFile(root.resolve(".complete"));
                return root;
            } catch (IOException e) {
                throw new IllegalStateException("could not unpack " + zip, e);
            }
        }
    }

    /**
     * Starts one environment. {@code env} is the function's configuration (COINSLOT_FUNCTION, table, endpoint, ...);
     * {@code jvmOptions} are added after Lambda's own JVM defaults (ignored for native binaries).
     */
    public static FunctionProcess start(Artifact artifact, String name, Map<String, String> env, List<String> jvmOptions) {
        RuntimeApiEmulator api = RuntimeApiEmulator.start();
        try {
            List<String> command = new ArrayList<>();
            Path taskRoot;
            if (artifact.nativeBinary()) {
                command.add(artifact.path().toString());
                taskRoot = artifact.path().getParent();
            } else {
                taskRoot = artifact.path();
                command.add(ProcessHandle.current().info().command().orElse("java"));
                // Lambda's java21 runtime defaults: serial GC, C1 only, CDS, heap from the memory size
                command.addAll(List.of("-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                        "-Xshare:auto", "-XX:MaxHeapSize=" + (MEMORY_MB * 85 / 100) + "m", "-Djava.net.preferIPv4Stack=true",
                        "--enable-native-access=ALL-UNNAMED"));
                if (jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:AOTCache"))) {
                    // JDK 25 refuses an explicit -Xshare with the AOT cache options; auto is its default anyway
                    command.remove("-Xshare:auto");
                }
                if (Runtime.version().feature() >= 24) {
                    // jboss-threads' thread-local reset needs this from Java 24 (Quarkus' own runner manifest opens it)
                    command.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"));
                }
                command.addAll(jvmOptions);
                // -Dbench.jvmArgs="-XX:TieredStopAtLevel=4": experiments with other JVM options (later ones win)
                for (String option : System.getProperty("bench.jvmArgs", "").trim().split("\\s+")) {
                    if (!option.isEmpty()) {
                        command.add(option);
                    }
                }
                command.add("-cp");
                command.add(runtimeInterfaceClientClasspath());
                command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
                command.add(HANDLER);
            }
            // the Runtime Interface Client loads the handler from its working directory, as Lambda runs it in /var/task
            ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile());
            Map<String, String> environment = builder.environment();
            environment.clear();
            environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
            environment.put("LANG", "en_US.UTF-8");
            environment.put("TZ", ":UTC");
            environment.put("AWS_LAMBDA_RUNTIME_API", api.address());
            environment.put("LAMBDA_TASK_ROOT", taskRoot.toString());
            environment.put("_HANDLER", HANDLER);
            environment.put("AWS_REGION", "us-east-1");
            environment.put("AWS_DEFAULT_REGION", "us-east-1");
            environment.put("AWS_LAMBDA_FUNCTION_NAME", "coinslot-bench-" + name);
            environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(MEMORY_MB));
            environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/coinslot-bench-" + name);
            environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "bench");
            environment.put("DISABLE_SIGNAL_HANDLERS", "true");
            environment.putAll(env);
            // -Dbench.env=COINSLOT_DIRECT_CHECKOUT=false,...: extra function configuration, e.g. for a before/after run
            for (String pair : System.getProperty("bench.env", "").split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    environment.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
            Path logs = Path.of("target", "bench", "logs").toAbsolutePath();
            Files.createDirectories(logs);
            Path log = logs.resolve(name + "-" + System.nanoTime() + ".log");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            long start = System.nanoTime();
            Process process = builder.start();
            return new FunctionProcess(process, start, api, log);
        } catch (IOException | RuntimeException e) {
            api.close();
            throw new IllegalStateException("could not start the function " + name, e);
        }
    }

    /** The env vars that point a function at DynamoDB Local with static credentials. */
    public static Map<String, String> dynamoEnv(String endpoint, String table) {
        Map<String, String> env = new HashMap<>();
        env.put("COINSLOT_TABLE_NAME", table);
        env.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", endpoint);
        env.put("QUARKUS_DYNAMODB_AWS_REGION", "us-east-1");
        env.put("QUARKUS_DYNAMODB_AWS_CREDENTIALS_TYPE", "static");
        env.put("QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", "bench");
        env.put("QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", "bench");
        return env;
    }

    /** The Runtime Interface Client and the jars it needs, taken from the test classpath. */
    static String runtimeInterfaceClientClasspath() {
        List<String> jars = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.contains("aws-lambda-java-runtime-interface-client") || p.contains("aws-lambda-java-serialization")
                        || p.contains("aws-lambda-java-core") || p.contains("utils-lite"))
                .toList();
        if (jars.stream().noneMatch(p -> p.contains("runtime-interface-client"))) {
            throw new IllegalStateException("aws-lambda-java-runtime-interface-client is not on the test classpath");
        }
        return jars.stream().collect(Collectors.joining(File.pathSeparator));
    }

    /** Waits for the first {@code /next} poll; returns init time in nanoseconds, or fails with the init error. */
    public long awaitInit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (api.initDone().isDone()) {
                return api.initDone().join() - startNanos;
            }
            if (api.initError().isDone()) {
                throw new IllegalStateException("init error: " + api.initError().join());
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("function exited with " + process.exitValue() + " before init: " + logTail());
            }
            sleep(2);
        }
        throw new IllegalStateException("no init within " + timeout + ": " + logTail());
    }

    public RuntimeApiEmulator api() {
        return api;
    }

    public long pid() {
        return process.pid();
    }

    public long startNanos() {
        return startNanos;
    }

    public boolean waitForExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Resident set size in KiB (VmRSS from /proc). */
    public long rssKib() {
        return ProcStats.rssKib(process.pid());
    }

    /** User + system CPU time of the process so far, in milliseconds (from /proc). */
    public long cpuMillis() {
        return ProcStats.cpuMillis(process.pid());
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    public String logTail() {
        String all = log();
        return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /** Asks the process to stop (SIGTERM) and gives it {@code grace} to exit, e.g. to write an AppCDS archive. */
    public void close(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
    }
}
