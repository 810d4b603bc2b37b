package dev.keyport.adapter.rest.token;

import dev.keyport.application.login.port.in.KeyRing;
import java.math.BigInteger;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A published access-token key as an RFC 7517 JWK (EC, P-256), as the JWKS lists it. */
public final class PublicJwk {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private PublicJwk() {
    }

    public static Map<String, Object> of(KeyRing.Published key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        jwk.put("x", BASE64URL.encodeToString(unsigned32(key.publicKey().getW().getAffineX())));
        jwk.put("y", BASE64URL.encodeToString(unsigned32(key.publicKey().getW().getAffineY())));
        jwk.put("kid", key.kid());
        jwk.put("use", "sig");
        jwk.put("alg", KeyRing.ALGORITHM);
        return jwk;
    }

    /** A P-256 field element or scalar as exactly 32 big-endian bytes. */
    static byte[] unsigned32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
        return fixed;
    }
}
