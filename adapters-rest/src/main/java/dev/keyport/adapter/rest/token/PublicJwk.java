package dev.keyport.adapter.rest.token;

import dev.keyport.application.signingkeys.port.in.AccessTokenKeyRing;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A published access-token key as an RFC 7517 JWK (EC, P-256), as the JWKS lists it. */
public final class PublicJwk {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private PublicJwk() {}

    public static Map<String, Object> of(AccessTokenKeyRing.Published key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        jwk.put(
                "x",
                BASE64URL.encodeToString(
                        AccessTokenKeyRing.p256Bytes(key.publicKey().getW().getAffineX())));
        jwk.put(
                "y",
                BASE64URL.encodeToString(
                        AccessTokenKeyRing.p256Bytes(key.publicKey().getW().getAffineY())));
        jwk.put("kid", key.kid());
        jwk.put("use", "sig");
        jwk.put("alg", AccessTokenKeyRing.ALGORITHM);
        return jwk;
    }
}
