package dev.keyport.domain.customtoken;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A custom token the provider's rules accepted: who it names (the issuer, empty when the token has no {@code iss},
 * and the subject, the identity provider's id of the user) and the profile data its metadata fields map to.
 */
public record AcceptedToken(String issuer, String subject, Map<String, Object> data) {
    public AcceptedToken {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
