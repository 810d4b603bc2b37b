package dev.keyport.application.contract;

import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.DeviceId;
import dev.keyport.domain.id.IdentityId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.ApiKeySecret;
import dev.keyport.domain.secret.RefreshToken;
import dev.keyport.domain.session.Session;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Identity;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Builders shared by the contract suites. Times are truncated to microseconds, PostgreSQL's precision. */
final class ContractFixtures {
    static final SecureRandom RANDOM = new SecureRandom();

    private ContractFixtures() {}

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static User emailUser(String email) {
        Instant now = now();
        return new User(
                UserId.generate(now, RANDOM),
                UserType.NORMAL,
                List.of(new Identity(IdentityId.generate(now, RANDOM), AuthProvider.LOCAL_USERPASS, email)),
                Optional.of(new Email(email)),
                now);
    }

    static User anonymousUser() {
        Instant now = now();
        UserId id = UserId.generate(now, RANDOM);
        return new User(
                id,
                UserType.NORMAL,
                List.of(new Identity(IdentityId.generate(now, RANDOM), AuthProvider.ANON_USER, id.value())),
                Optional.empty(),
                now);
    }

    static ApiKey addKey(KeyRing ring, User owner, String name) {
        return ring.add(
                owner,
                ApiKeyId.generate(now(), RANDOM),
                new ApiKeyName(name),
                ApiKeySecret.generate(RANDOM).digest(),
                now(),
                java.util.Optional.empty());
    }

    static Session session(UserId user, Optional<ApiKeyId> key, RefreshToken token) {
        Instant now = now();
        return Session.open(
                SessionId.generate(now, RANDOM),
                user,
                DeviceId.generate(now, RANDOM),
                token.digest(),
                key,
                now,
                Duration.ofDays(60));
    }
}
