package dev.coinslot.adapter.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * One signed {@code GetSecretValue} call to AWS Secrets Manager's JSON API, with the SigV4 signer and URL-connection
 * HTTP client the DynamoDB client already brings (the SDK's Secrets Manager module is not in this build). Errors name
 * the HTTP status and AWS error type only; the secret never appears in an exception or a log.
 */
final class SecretsManagerReader {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;

    SecretsManagerReader(URI endpoint, String region, AwsCredentialsProvider credentials) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
    }

    /** The endpoint of Secrets Manager in the region and partition of {@code arn}. */
    static URI endpointFor(SecretArn arn) {
        String suffix = arn.partition().equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com";
        return URI.create("https://secretsmanager." + arn.region() + "." + suffix);
    }

    /** The {@code SecretString} of the current version of {@code secretId}; one retry after a network error or 5xx. */
    String secretString(String secretId) {
        String body;
        try {
            body = JSON.writeValueAsString(JSON.createObjectNode().put("SecretId", secretId));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        IllegalStateException last = null;
        try (SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(READ_TIMEOUT).build()) {
            for (int attempt = 1; attempt <= 2; attempt++) {
                try {
                    return call(http, body);
                } catch (Retryable e) {
                    last = new IllegalStateException(e.getMessage(), e.getCause());
                }
            }
        }
        throw last;
    }

    private String call(SdkHttpClient http, String body) throws Retryable {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "secretsmanager.GetSecretValue")
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "secretsmanager"));
        ExecutableHttpRequest call = http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null))
                .build());
        HttpExecuteResponse response;
        JsonNode answer;
        try {
            response = call.call();
            try (InputStream in = response.responseBody().orElse(null)) {
                answer = in == null ? JSON.createObjectNode() : JSON.readTree(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new Retryable("Secrets Manager unreachable at " + endpoint + ": " + e.getClass().getSimpleName(), e);
        }
        int status = response.httpResponse().statusCode();
        if (status == 200 && answer.path("SecretString").isTextual()) {
            return answer.path("SecretString").asText();
        }
        String error = "Secrets Manager GetSecretValue failed: status=" + status + " type="
                + answer.path("__type").asText(status == 200 ? "no SecretString" : "unknown");
        if (status >= 500) {
            throw new Retryable(error, null);
        }
        throw new IllegalStateException(error);
    }

    /** A failure worth one more attempt. */
    private static final class Retryable extends Exception {
        Retryable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The parts of a Secrets Manager secret ARN the call needs: {@code arn:<partition>:secretsmanager:<region>:…}. */
    record SecretArn(String arn, String partition, String region) {
        static SecretArn parse(String arn) {
            String[] parts = arn.split(":", 7);
            if (parts.length < 7 || !parts[0].equals("arn") || !parts[2].equals("secretsmanager") || parts[3].isEmpty()
                    || !parts[5].equals("secret")) {
                throw new IllegalStateException("STRIPE_SECRET_ARN must be the ARN of a Secrets Manager secret "
                        + "(arn:aws:secretsmanager:<region>:<account>:secret:<name>)");
            }
            return new SecretArn(arn, parts[1], parts[3]);
        }
    }
}
