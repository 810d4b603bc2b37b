package dev.keyport.application;

import dev.keyport.application.customtoken.port.out.CustomTokenSignatures;
import dev.keyport.domain.customtoken.CustomTokenRefusal;
import dev.keyport.domain.customtoken.SigningAlgorithm;
import dev.keyport.domain.error.CustomTokenRefused;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for the JOSE adapter (tested on its own, against real signatures): a token is a name this fake was told
 * to accept with its claims; any other token has a bad signature. For the use-case rules after the signature.
 */
public final class TrustingSignatures implements CustomTokenSignatures {
    private final Map<String, Map<String, Object>> accepted = new ConcurrentHashMap<>();

    /** The token {@code token} now verifies and carries these claims. */
    public String accept(String token, Map<String, Object> claims) {
        accepted.put(token, Map.copyOf(claims));
        return token;
    }

    @Override
    public Map<String, Object> verify(String token, SigningAlgorithm algorithm, Keys keys) {
        Map<String, Object> claims = accepted.get(token);
        if (claims == null) {
            throw new CustomTokenRefused(CustomTokenRefusal.BAD_SIGNATURE);
        }
        return claims;
    }
}
