package dev.coinslot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.config.CoinslotConfig;
import jakarta.enterprise.inject.Instance;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Whoever stands in for the JWT authorizer (dev mode's demo identity) is held to the rules of a JWT subject: a user id
 * no identity provider would issue is a 401, not a request that fails later (a 3,000-character id made a DynamoDB key
 * too long and answered 500).
 */
class CallerTest {

    @SuppressWarnings("unchecked")
    private static <T> Instance<T> instance(T value) {
        return (Instance<T>) Proxy.newProxyInstance(CallerTest.class.getClassLoader(), new Class<?>[] {Instance.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isResolvable" -> value != null;
                    case "isUnsatisfied" -> value == null;
                    case "get" -> value;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static CoinslotConfig config() {
        return (CoinslotConfig) Proxy.newProxyInstance(CallerTest.class.getClassLoader(), new Class<?>[] {CoinslotConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("guardianScope")) {
                        return "coinslot/guardian";
                    }
                    if (method.getName().equals("operatorScope")) {
                        return "coinslot/operator";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Caller devCaller(String user) {
        DevIdentity dev = () -> Optional.of(user);
        return new Caller(instance((APIGatewayV2HTTPEvent.RequestContext) null), instance(dev), config());
    }

    @Test
    void devIdentity_thatNoJwtSubjectCouldBe_is401() {
        for (String user : new String[] {"u".repeat(3_000), "u".repeat(201), "alice\nbob", "nul\u0000", " "}) {
            ProblemException refused = assertThrows(ProblemException.class, () -> devCaller(user).requireUserId(),
                    user.length() + " characters");
            assertEquals(401, refused.problem().status());
            assertEquals(Problem.TYPE_BASE + "unauthorized", refused.problem().type());
        }
    }

    @Test
    void devIdentity_likeAJwtSubject_isTheCaller() {
        assertEquals("alice", devCaller("alice").requireUserId());
        assertEquals("u".repeat(200), devCaller("u".repeat(200)).requireUserId());
    }
}
