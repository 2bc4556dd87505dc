package dev.coinslot.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that captures every log record of the test JVM (a handler on the root logger, re-attached after each
 * Quarkus start) and, after each test class, fails if any record, or any error body handed to {@link #scanBody}, holds
 * a secret: a Stripe API key, a webhook signing secret, a PaymentIntent client secret, a bearer token or a JWT.
 * Before scanning it logs a canary through JBoss Logging and fails unless the capture saw it.
 */
public final class LogSecretScan implements BeforeEachCallback, AfterAllCallback {

    /** What a secret looks like; {@code sk_test_****abcd}-style redactions do not match. */
    static final List<Pattern> SECRETS = List.of(
            Pattern.compile(Pattern.quote(StripeStub.DEFAULT_API_KEY)),
            Pattern.compile("[sr]k_(test|live)_[A-Za-z0-9]{6,}"),
            Pattern.compile("whsec_[A-Za-z0-9_]+"),
            Pattern.compile("pi_[A-Za-z0-9]+_secret_[A-Za-z0-9]+"),
            Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/-]{8,}"),
            Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}"));

    private static final List<String> RECORDS = new ArrayList<>();
    private static final List<String> BODIES = new ArrayList<>();

    private static final Handler HANDLER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String text = render(record);
            synchronized (RECORDS) {
                RECORDS.add(text);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    static {
        HANDLER.setLevel(Level.ALL);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        install();
    }

    /** Attaches the capturing handler to the root logger unless it is there (Quarkus replaces handlers when it starts). */
    public static void install() {
        Logger root = Logger.getLogger("");
        if (!Arrays.asList(root.getHandlers()).contains(HANDLER)) {
            root.addHandler(HANDLER);
        }
    }

    /** Remembers an error body for the scan. */
    public static void scanBody(String body) {
        synchronized (BODIES) {
            BODIES.add(body);
        }
    }

    /** Every record captured so far, rendered. */
    public static List<String> records() {
        synchronized (RECORDS) {
            return List.copyOf(RECORDS);
        }
    }

    public static int recordCount() {
        synchronized (RECORDS) {
            return RECORDS.size();
        }
    }

    /** The secrets found in {@code text}, empty if none. */
    public static List<String> secretsIn(String text) {
        List<String> found = new ArrayList<>();
        for (Pattern secret : SECRETS) {
            Matcher m = secret.matcher(text);
            while (m.find()) {
                found.add(m.group());
            }
        }
        return found;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> records;
        List<String> bodies;
        synchronized (RECORDS) {
            records = List.copyOf(RECORDS);
        }
        synchronized (BODIES) {
            bodies = List.copyOf(BODIES);
        }
        org.jboss.logging.Logger.getLogger("dev.coinslot.logscan").warnf("log scan canary %s", context.getDisplayName());
        synchronized (RECORDS) {
            records = List.copyOf(RECORDS);
        }
        assertTrue(records.stream().anyMatch(r -> r.contains("log scan canary " + context.getDisplayName())),
                "the capture did not see a record logged through JBoss Logging: the scan would be vacuous");
        List<String> leaks = new ArrayList<>();
        records.forEach(r -> secretsIn(r).forEach(s -> leaks.add("log: " + s + " in " + abbreviate(r))));
        bodies.forEach(b -> secretsIn(b).forEach(s -> leaks.add("body: " + s + " in " + abbreviate(b))));
        assertEquals(List.of(), leaks, "secrets in " + records.size() + " log records / " + bodies.size() + " error bodies");
        System.out.printf("log secret scan after %s: %d log records, %d error bodies, no secret%n",
                context.getDisplayName(), records.size(), bodies.size());
    }

    private static String render(LogRecord record) {
        StringBuilder text = new StringBuilder(record.getLoggerName() == null ? "" : record.getLoggerName()).append(' ');
        text.append(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : String.valueOf(record.getMessage()));
        if (record.getParameters() != null) {
            Arrays.stream(record.getParameters()).forEach(p -> text.append(' ').append(p));
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            text.append('\n').append(trace);
        }
        return text.toString();
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
