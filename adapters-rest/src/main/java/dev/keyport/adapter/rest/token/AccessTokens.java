package dev.keyport.adapter.rest.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keyport.application.port.in.AdminCaller;
import dev.keyport.application.port.in.Caller;
import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import jakarta.inject.Singleton;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;

/**
 * Access tokens: short-lived JWTs signed with HMAC-SHA256 (Nimbus JOSE+JWT). They carry what the
 * client reads ({@code sub}, {@code exp}, {@code iat}, {@code baas_device_id}) and the session id
 * ({@code sid}), so that a revoked session's access token stops working at once where it matters.
 * Verification accepts only HS256 with this server's key: {@code alg: none}, other algorithms,
 * other keys, expired and malformed tokens are all an {@link InvalidSession}.
 */
@Singleton
public final class AccessTokens {
    private static final String TOKEN_TYPE = "access";
    private static final String ADMIN_TOKEN_TYPE = "admin";
    private static final String ADMIN_SUBJECT_PREFIX = "admin:";

    private final AccessTokenSettings settings;
    private final Clock clock;
    private final JWSSigner signer;
    private final JWSVerifier verifier;

    public AccessTokens(AccessTokenSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        try {
            this.signer = new MACSigner(settings.signingKey());
            this.verifier = new MACVerifier(settings.signingKey());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable signing key", e);
        }
    }

    /** What a valid access token proves. */
    public record Claims(UserId userId, SessionId sessionId) {
    }

    public String issue(Caller session) {
        return sign(TOKEN_TYPE, session.userId().value(), claims -> claims
                .claim("baas_device_id", session.deviceId().value())
                .claim("sid", session.sessionId().value()));
    }

    public Claims verify(String token) {
        JWTClaimsSet claims = verified(token, TOKEN_TYPE);
        try {
            return new Claims(new UserId(claims.getSubject()), new SessionId(claims.getStringClaim("sid")));
        } catch (ParseException | InvalidParameter e) {
            throw invalid();
        }
    }

    /**
     * An admin access token: same key and lifetime, but its own {@code typ}, so that it is refused on
     * every client route and a client token is refused on every admin route.
     */
    public String issueAdmin(AdminCaller admin) {
        return sign(ADMIN_TOKEN_TYPE, ADMIN_SUBJECT_PREFIX + admin.username(), claims -> claims);
    }

    public AdminCaller verifyAdmin(String token) {
        String subject = verified(token, ADMIN_TOKEN_TYPE).getSubject();
        if (subject == null || !subject.startsWith(ADMIN_SUBJECT_PREFIX)) {
            throw invalid();
        }
        return new AdminCaller(subject.substring(ADMIN_SUBJECT_PREFIX.length()));
    }

    private String sign(String type, String subject, UnaryOperator<JWTClaimsSet.Builder> extra) {
        Instant now = clock.instant();
        JWTClaimsSet claims = extra.apply(new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.lifetime())))
                .claim("typ", type)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign an access token", e);
        }
        return jwt.serialize();
    }

    private JWTClaimsSet verified(String token, String expectedType) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                throw invalid();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            if (expires == null || !clock.instant().isBefore(expires.toInstant())
                    || !expectedType.equals(claims.getStringClaim("typ"))) {
                throw invalid();
            }
            return claims;
        } catch (ParseException | JOSEException | IllegalStateException e) {
            throw invalid();
        }
    }

    private static InvalidSession invalid() {
        return new InvalidSession("invalid or expired access token");
    }
}
