package dev.keyport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.apikey.PreviousValue;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Until when a value stays active: what introspection answers as exp. */
class AcceptedUntilTest {
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final SecretDigest CURRENT = SecretDigest.of("current value");
    private static final SecretDigest PREVIOUS = SecretDigest.of("previous value");

    private static ApiKey key(Optional<Instant> expiresAt, Optional<Instant> graceEnd) {
        return new ApiKey(
                new ApiKeyId("0123456789abcdef01234567"),
                new UserId("0123456789abcdef01234568"),
                new ApiKeyName("k"),
                CURRENT,
                false,
                CREATED,
                Optional.empty(),
                1,
                expiresAt,
                graceEnd.map(end -> new PreviousValue(PREVIOUS, end, 0)));
    }

    @Test
    void the_current_value_lasts_as_long_as_the_key() {
        Instant expiry = CREATED.plusSeconds(86_400);
        assertThat(key(Optional.of(expiry), Optional.of(CREATED.plusSeconds(60)))
                        .acceptedUntil(CURRENT))
                .contains(expiry);
        assertThat(key(Optional.empty(), Optional.empty()).acceptedUntil(CURRENT))
                .isEmpty();
    }

    @Test
    void the_previous_value_lasts_until_the_grace_ends_or_the_key_expires_whichever_comes_first() {
        Instant graceEnd = CREATED.plusSeconds(3_600);
        assertThat(key(Optional.empty(), Optional.of(graceEnd)).acceptedUntil(PREVIOUS))
                .contains(graceEnd);
        assertThat(key(Optional.of(CREATED.plusSeconds(86_400)), Optional.of(graceEnd))
                        .acceptedUntil(PREVIOUS))
                .contains(graceEnd);
        Instant soonerExpiry = CREATED.plusSeconds(600);
        assertThat(key(Optional.of(soonerExpiry), Optional.of(graceEnd)).acceptedUntil(PREVIOUS))
                .contains(soonerExpiry);
    }
}
