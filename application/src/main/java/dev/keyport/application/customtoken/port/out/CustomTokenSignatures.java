package dev.keyport.application.customtoken.port.out;

import dev.keyport.domain.customtoken.SigningAlgorithm;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a custom token's signature (a JOSE library behind it): the token must be a compact JWS signed with exactly
 * the configured algorithm by one of the keys given. What the claims say is not checked here (the domain's
 * {@link dev.keyport.domain.customtoken.CustomTokenSettings#accept} does that).
 */
public interface CustomTokenSignatures {

    /**
     * The token's claims, dates as seconds since the epoch, when the signature verifies.
     *
     * @throws dev.keyport.domain.error.CustomTokenRefused malformed, another algorithm (or {@code none}), no key with
     *         the token's {@code kid}, a bad signature, or too large
     * @throws dev.keyport.domain.error.IdentityProviderUnavailable the JWK URI cannot be read and no key known yet
     *         could check this token
     */
    Map<String, Object> verify(String token, SigningAlgorithm algorithm, Keys keys);

    /** Where the keys come from. */
    sealed interface Keys {
        /** The identity provider's JSON Web Key set at this URL, fetched and cached by the adapter. */
        record JwkUri(String uri) implements Keys {
            public JwkUri {
                Objects.requireNonNull(uri, "uri");
            }
        }

        /** HS256's shared secrets, any of which may have signed the token. */
        record SharedSecrets(List<byte[]> secrets) implements Keys {
            public SharedSecrets {
                secrets = List.copyOf(secrets);
            }
        }
    }
}
