package dev.keyport.domain.customtoken;

import java.util.Arrays;
import java.util.Optional;

/**
 * The JWS algorithms a {@code custom-token} provider may be set to. Exactly one is configured, and a token signed
 * with any other (including {@code none}) is refused, so an RSA public key can never be used as an HMAC secret.
 * HS256 checks against the shared signing keys, RS256 and ES256 against the keys of the JWK URI (ES256 is a Keyport
 * extension: App Services offered HS256 and RS256).
 */
public enum SigningAlgorithm {
    HS256,
    RS256,
    ES256;

    public static Optional<SigningAlgorithm> named(String name) {
        return Arrays.stream(values())
                .filter(algorithm -> algorithm.name().equals(name))
                .findFirst();
    }

    public boolean symmetric() {
        return this == HS256;
    }
}
