package dev.keyport.application.contract;

import static dev.keyport.application.contract.ContractFixtures.addKey;
import static dev.keyport.application.contract.ContractFixtures.emailUser;
import static dev.keyport.application.contract.ContractFixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.DeviceId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.secret.RefreshToken;
import dev.keyport.domain.session.Session;
import dev.keyport.domain.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link dev.keyport.application.shared.port.out.Sessions} and {@link dev.keyport.application.sessions.port.out.EndedSessions} adapter must do. */
public abstract class SessionsContract extends PortContract {
    private User user;

    @BeforeEach
    public void setUp() {
        user = emailUser("s-" + System.nanoTime() + "@example.org");
        ports.transactions().inTransaction(() -> {
            ports.users().add(user);
            return null;
        });
    }

    private ApiKey key(String name) {
        return ports.transactions().inTransaction(() -> {
            KeyRing ring = ports.apiKeys().lockRing(user.id());
            ApiKey key = addKey(ring, user, name);
            ports.apiKeys().save(ring);
            return key;
        });
    }

    @Test
    public void stores_a_session_and_finds_it_by_id_and_by_refresh_token_digest() {
        RefreshToken token = RefreshToken.generate(ContractFixtures.RANDOM);
        Session session = session(user.id(), Optional.empty(), token);
        ports.sessions().add(session);
        assertThat(ports.sessions().find(session.id())).contains(session);
        assertThat(ports.sessions().findByRefreshToken(token.digest())).contains(session);
        assertThat(ports.sessions()
                        .findByRefreshToken(
                                RefreshToken.generate(ContractFixtures.RANDOM).digest()))
                .isEmpty();
    }

    @Test
    public void removes_expired_sessions_in_batches_and_keeps_live_ones() {
        Session live = session(user.id(), Optional.empty(), RefreshToken.generate(ContractFixtures.RANDOM));
        ports.sessions().add(live);
        List<Session> expired = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Instant created = live.createdAt().minus(Duration.ofDays(90));
            Session old = Session.open(
                    SessionId.generate(created, ContractFixtures.RANDOM),
                    user.id(),
                    DeviceId.generate(created, ContractFixtures.RANDOM),
                    RefreshToken.generate(ContractFixtures.RANDOM).digest(),
                    Optional.empty(),
                    created,
                    Duration.ofDays(60));
            ports.sessions().add(old);
            expired.add(old);
        }
        Instant now = live.createdAt().plusSeconds(1);
        assertThat(ports.sessions().removeExpired(now, 2)).isEqualTo(2);
        assertThat(ports.sessions().removeExpired(now, 2)).isEqualTo(1);
        assertThat(ports.sessions().removeExpired(now, 2)).isZero();
        assertThat(ports.sessions().find(live.id())).contains(live);
        expired.forEach(old -> assertThat(ports.sessions().find(old.id())).isEmpty());
    }

    @Test
    public void removing_a_session_reports_whether_it_existed() {
        Session session = session(user.id(), Optional.empty(), RefreshToken.generate(ContractFixtures.RANDOM));
        ports.sessions().add(session);
        assertThat(ports.sessions().remove(session.id())).isTrue();
        assertThat(ports.sessions().remove(session.id())).isFalse();
        assertThat(ports.sessions().find(session.id())).isEmpty();
    }

    @Test
    public void removes_all_stored_sessions_of_a_user_and_only_those() {
        User other = emailUser("o-" + System.nanoTime() + "@example.org");
        ports.transactions().inTransaction(() -> {
            ports.users().add(other);
            return null;
        });
        Session a = session(user.id(), Optional.empty(), RefreshToken.generate(ContractFixtures.RANDOM));
        Session b = session(user.id(), Optional.of(key("k").id()), RefreshToken.generate(ContractFixtures.RANDOM));
        Session c = session(other.id(), Optional.empty(), RefreshToken.generate(ContractFixtures.RANDOM));
        List.of(a, b, c).forEach(ports.sessions()::add);
        assertThat(ports.sessions().removeAllOf(user.id())).isEqualTo(2);
        assertThat(ports.sessions().find(a.id())).isEmpty();
        assertThat(ports.sessions().find(b.id())).isEmpty();
        assertThat(ports.sessions().find(c.id())).contains(c);
    }

    @Test
    public void removes_all_sessions_opened_with_a_key_and_only_those() {
        ApiKey key = key("k");
        ApiKey other = key("other");
        Session a = session(user.id(), Optional.of(key.id()), RefreshToken.generate(ContractFixtures.RANDOM));
        Session b = session(user.id(), Optional.of(key.id()), RefreshToken.generate(ContractFixtures.RANDOM));
        Session c = session(user.id(), Optional.of(other.id()), RefreshToken.generate(ContractFixtures.RANDOM));
        Session d = session(user.id(), Optional.empty(), RefreshToken.generate(ContractFixtures.RANDOM));
        List.of(a, b, c, d).forEach(ports.sessions()::add); // stored key sessions: opened before ADR 0008
        assertThat(ports.sessions().removeAllOpenedWith(key.id())).isEqualTo(2);
        assertThat(ports.sessions().find(a.id())).isEmpty();
        assertThat(ports.sessions().find(c.id())).isPresent();
        assertThat(ports.sessions().find(d.id())).isPresent();
    }

    @Test
    public void deleting_a_key_leaves_no_session_opened_with_it() {
        ApiKey key = key("k");
        Session s = session(user.id(), Optional.of(key.id()), RefreshToken.generate(ContractFixtures.RANDOM));
        ports.sessions().add(s);
        ports.transactions().inTransaction(() -> {
            KeyRing ring = ports.apiKeys().lockRing(user.id());
            ring.remove(key.id());
            ports.apiKeys().save(ring);
            return null;
        });
        assertThat(ports.sessions().find(s.id())).isEmpty();
    }

    @Test
    public void an_ended_session_is_recorded_once_and_forgotten_after_it_would_have_expired() {
        Instant now = Instant.now();
        ApiKeyId key = ApiKeyId.generate(now, ContractFixtures.RANDOM);
        SessionId ended = SessionId.generate(now, ContractFixtures.RANDOM);
        SessionId expired = SessionId.generate(now, ContractFixtures.RANDOM);
        SessionId live = SessionId.generate(now, ContractFixtures.RANDOM);
        assertThat(ports.endedSessions().hasEnded(key, ended)).isFalse();
        assertThat(ports.endedSessions().end(ended, key, now.plus(Duration.ofDays(1))))
                .isTrue();
        assertThat(ports.endedSessions().end(ended, key, now.plus(Duration.ofDays(1))))
                .as("already ended")
                .isFalse();
        assertThat(ports.endedSessions().hasEnded(key, ended))
                .as("seen at once")
                .isTrue();
        assertThat(ports.endedSessions().hasEnded(key, live)).isFalse();

        assertThat(ports.endedSessions().end(expired, key, now.minus(Duration.ofDays(1))))
                .isTrue();
        assertThat(ports.endedSessions().removeExpired(now, 10)).isEqualTo(1);
        assertThat(ports.endedSessions().removeExpired(now, 10)).isZero();
        assertThat(ports.endedSessions().hasEnded(key, ended)).isTrue();
    }

    @Test
    public void a_keys_ended_sessions_are_counted_and_forgotten_together() {
        Instant now = Instant.now();
        ApiKeyId key = ApiKeyId.generate(now, ContractFixtures.RANDOM);
        ApiKeyId other = ApiKeyId.generate(now, ContractFixtures.RANDOM);
        SessionId first = SessionId.generate(now, ContractFixtures.RANDOM);
        SessionId second = SessionId.generate(now, ContractFixtures.RANDOM);
        SessionId others = SessionId.generate(now, ContractFixtures.RANDOM);
        ports.endedSessions().end(first, key, now.plus(Duration.ofDays(1)));
        ports.endedSessions().end(second, key, now.plus(Duration.ofDays(1)));
        ports.endedSessions().end(others, other, now.plus(Duration.ofDays(1)));
        assertThat(ports.endedSessions().countOf(key)).isEqualTo(2);
        assertThat(ports.endedSessions().countOf(other)).isEqualTo(1);

        ports.transactions().inTransaction(() -> {
            ports.endedSessions().forgetAllOf(key);
            return null;
        });
        assertThat(ports.endedSessions().countOf(key)).isZero();
        assertThat(ports.endedSessions().countOf(other))
                .as("another key's records stay")
                .isEqualTo(1);
        assertThat(ports.endedSessions().hasEnded(other, others)).isTrue();
        assertThat(ports.endedSessions().hasEnded(key, first))
                .as("swept records still answer until the next sweep (a reader may hold the key as it was)")
                .isTrue();

        SessionId third = SessionId.generate(now, ContractFixtures.RANDOM);
        ports.endedSessions().end(third, key, now.plus(Duration.ofDays(1)));
        assertThat(ports.endedSessions().countOf(key))
                .as("only records since the sweep count")
                .isEqualTo(1);
        ports.transactions().inTransaction(() -> {
            ports.endedSessions().forgetAllOf(key);
            return null;
        });
        assertThat(ports.endedSessions().countOf(key)).isZero();
        assertThat(ports.endedSessions().hasEnded(key, third)).isTrue();
    }
}
