package dev.coinslot.api;

import java.util.Optional;

/** Dev-mode stand-in for the JWT authorizer; only a dev-profile bean implements it, so prod builds have none. */
public interface DevIdentity {
    Optional<String> userId();
}
