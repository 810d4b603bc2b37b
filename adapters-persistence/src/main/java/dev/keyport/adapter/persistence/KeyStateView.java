package dev.keyport.adapter.persistence;

import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's view of key states and ended key sessions, kept in step with PostgreSQL, so that
 * key logins and refreshes need no read and no write (ADR 0008).
 *
 * <p><b>How it stays in step.</b> One connection of its own {@code LISTEN}s to what the V4 triggers
 * announce on commit: a changed or deleted key ({@code keyport_keys}) and an ended session
 * ({@code keyport_ended_sessions}). Every {@code heartbeat} it runs {@code SELECT 1}: when that
 * answers, every announcement committed before the heartbeat started has arrived and been applied,
 * so the view is in step as of that start. A change made through this instance is applied here
 * after its commit, before the change is answered ({@link Database#afterCommit}).
 *
 * <p><b>What it promises.</b> The view is used only while its last good heartbeat started less than
 * {@code maxStaleness} ago. Past that (the listening connection is slow, broken or being
 * re-established), every question goes to the database, whose answer is authoritative; when the
 * database cannot answer either, neither can a login. So a change committed anywhere is seen here
 * within {@code maxStaleness}, whatever happens to the notifications. After a reconnect the key
 * cache starts empty and the ended sessions are reloaded, because announcements made while no one
 * listened are lost.
 *
 * <p><b>What it holds.</b> Keys that were asked for (at most {@code maxKeys}; past that, the
 * oldest-looking half is dropped and reloaded on demand), as the login path needs them: state,
 * owner, digest and session generation ({@code last_used_at} in here is not kept fresh). Never an
 * unknown digest. Every ended session until it would have expired.
 *
 * <p><b>No stale load.</b> A load races a change: it may read the old row, then the change commits
 * and is applied, then the load stores what it read. Every change bumps a counter under a lock, and
 * a load stores its row only if the counter did not move while it read.
 */
final class KeyStateView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyStateView.class);
    static final String KEYS_CHANNEL = "keyport_keys";
    static final String ENDED_SESSIONS_CHANNEL = "keyport_ended_sessions";
    /** How the listening connection shows in {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "keyport-key-view";
    /** Ended sessions are forgotten this long after they would have expired: a clock a little off stays safe. */
    static final Duration ENDED_SESSION_MARGIN = Duration.ofHours(1);

    private final HikariSettings database;
    private final long heartbeatMillis;
    private final long maxStalenessNanos;
    private final int maxKeys;

    private final ConcurrentHashMap<SecretDigest, ApiKey> byDigest = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ApiKeyId, ApiKey> byId = new ConcurrentHashMap<>();
    private final EndedKeySessions endedSessions;
    private final ReentrantLock changes = new ReentrantLock();
    /** Moved on by every change, under {@link #changes}; read without it. */
    private volatile long changeCount;
    /** {@link System#nanoTime()} at the start of the last good heartbeat; 0 before the first one. */
    private volatile long inStepAsOf;
    private volatile boolean running = true;
    private final Thread listener;

    KeyStateView(DataSource dataSource,
                 Duration heartbeat,
                 Duration maxStaleness,
                 int maxKeys,
                 EndedKeySessions.Bounds endedSessionBounds) {
        if (!heartbeat.isPositive() || heartbeat.compareTo(maxStaleness) >= 0) {
            throw new IllegalArgumentException("the heartbeat must be positive and shorter than the staleness bound");
        }
        // Listening needs a connection of its own, held for as long as it works: not one of the pool's
        // (it would take a slot for good, and could go back to the pool still listening).
        this.database = HikariSettings.of(dataSource);
        this.heartbeatMillis = heartbeat.toMillis();
        this.maxStalenessNanos = maxStaleness.toNanos();
        this.maxKeys = maxKeys;
        this.endedSessions = new EndedKeySessions(endedSessionBounds);
        this.listener = Thread.ofPlatform().name("key-state-listener").daemon(true).start(this::listen);
    }

    /** Whether the view may answer: its last good heartbeat started less than the staleness bound ago. */
    boolean inStep() {
        long asOf = inStepAsOf;
        return asOf != 0 && System.nanoTime() - asOf < maxStalenessNanos;
    }

    Optional<ApiKey> byDigest(SecretDigest digest, Supplier<Optional<ApiKey>> read) {
        return cached(byDigest.get(digest), read);
    }

    Optional<ApiKey> byId(ApiKeyId id, Supplier<Optional<ApiKey>> read) {
        return cached(byId.get(id), read);
    }

    private Optional<ApiKey> cached(ApiKey hit, Supplier<Optional<ApiKey>> read) {
        if (!inStep()) {
            return read.get();
        }
        if (hit != null) {
            return Optional.of(hit);
        }
        long before = changeCount;
        Optional<ApiKey> found = read.get();
        found.ifPresent(key -> store(key, before));
        return found;
    }

    private void store(ApiKey key, long changeCountBeforeRead) {
        changes.lock();
        try {
            if (changeCount != changeCountBeforeRead || !inStep()) {
                return; // something changed while the row was read: it may be stale
            }
            if (byId.size() >= maxKeys) {
                shrink();
            }
            byId.put(key.id(), key);
            key.digests().forEach(digest -> byDigest.put(digest, key));
        } finally {
            changes.unlock();
        }
    }

    /** Drops about half the cached keys (called under the lock); they are read again when asked for. */
    private void shrink() {
        int toDrop = byId.size() / 2;
        for (ApiKey key : byId.values()) {
            if (toDrop-- <= 0) {
                break;
            }
            byId.remove(key.id());
            key.digests().forEach(byDigest::remove);
        }
    }

    /** A key changed or was deleted: forget it. */
    void keyChanged(ApiKeyId id) {
        changes.lock();
        try {
            changeCount++;
            ApiKey gone = byId.remove(id);
            if (gone != null) {
                gone.digests().forEach(byDigest::remove);
            }
        } finally {
            changes.unlock();
        }
    }

    /** A user was deleted with their keys: forget the keys. */
    void ownerRemoved(UserId owner) {
        changes.lock();
        try {
            changeCount++;
            byId.values().removeIf(key -> {
                boolean theirs = key.ownerId().equals(owner);
                if (theirs) {
                    key.digests().forEach(byDigest::remove);
                }
                return theirs;
            });
        } finally {
            changes.unlock();
        }
    }

    /** Forgets every cached key (after the database was changed behind the triggers' back, e.g. TRUNCATE). */
    void forgetAllKeys() {
        changes.lock();
        try {
            changeCount++;
            byId.clear();
            byDigest.clear();
        } finally {
            changes.unlock();
        }
    }

    /**
     * Whether the session opened with {@code key} was logged out: from memory while in step and while the view
     * holds that key's ended sessions, from the database otherwise (a key past its bound, or every key when
     * the view as a whole is past its bound; see {@link EndedKeySessions}).
     */
    boolean hasEnded(ApiKeyId key, SessionId session, BooleanSupplier read) {
        if (!inStep()) {
            return read.getAsBoolean();
        }
        return switch (endedSessions.hasEnded(key, session)) {
            case ENDED -> true;
            case LIVE -> false;
            case ASK_THE_DATABASE -> read.getAsBoolean();
        };
    }

    /** A key session was logged out ({@code key} is null for a record from before keys were recorded). */
    void sessionEnded(SessionId session, ApiKeyId key, Instant expiresAt) {
        endedSessions.add(session, key, expiresAt);
    }

    /** What the view holds of ended sessions, for tests and the memory benchmark. */
    EndedKeySessions.Held endedSessionsHeld() {
        return endedSessions.held();
    }

    // --- the listening connection ---------------------------------------------------------------

    private void listen() {
        long backoff = heartbeatMillis;
        while (running) {
            try (Connection connection = database.connect()) {
                PGConnection pg = connection.unwrap(PGConnection.class);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + KEYS_CHANNEL + "; LISTEN " + ENDED_SESSIONS_CHANNEL);
                    // Announcements made while no one listened are lost: start from the database.
                    long started = System.nanoTime();
                    forgetAllKeys();
                    reloadEndedSessions(statement);
                    apply(pg.getNotifications());
                    inStepAsOf = started;
                    LOG.info("Key state view in step (LISTEN {}, {}; heartbeat {} ms)", KEYS_CHANNEL,
                            ENDED_SESSIONS_CHANNEL, heartbeatMillis);
                    backoff = heartbeatMillis;
                    long lastPrune = System.nanoTime();
                    while (running) {
                        apply(pg.getNotifications((int) heartbeatMillis));
                        long heartbeat = System.nanoTime();
                        statement.execute("SELECT 1");
                        apply(pg.getNotifications());
                        inStepAsOf = heartbeat;
                        if (heartbeat - lastPrune > Duration.ofMinutes(1).toNanos()) {
                            pruneEndedSessions(statement);
                            lastPrune = heartbeat;
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                inStepAsOf = 0; // no use waiting for the bound to run out: the database answers from now on
                if (running) {
                    LOG.warn("Key state view lost its database connection; answering from the database until it is back: {}",
                            e.getMessage());
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, 5_000);
                }
            }
        }
    }

    private void apply(PGNotification[] notifications) {
        if (notifications == null) {
            return;
        }
        for (PGNotification notification : notifications) {
            String payload = notification.getParameter();
            try {
                if (KEYS_CHANNEL.equals(notification.getName())) {
                    keyChanged(new ApiKeyId(payload));
                } else if (ENDED_SESSIONS_CHANNEL.equals(notification.getName())) {
                    // "<session id> <expiry in epoch ms>[ <key id>]" (V12; no key id for a record from before)
                    String[] parts = payload.split(" ", -1);
                    if (parts.length < 2 || parts.length > 3) {
                        throw new IllegalArgumentException("malformed");
                    }
                    sessionEnded(new SessionId(parts[0]), parts.length == 3 ? new ApiKeyId(parts[2]) : null,
                            Instant.ofEpochMilli(Long.parseLong(parts[1])));
                }
            } catch (RuntimeException malformed) {
                // Not from our triggers: play safe and forget every cached key.
                LOG.warn("Unexpected announcement on {}: {}", notification.getName(), payload);
                forgetAllKeys();
            }
        }
    }

    /** Every ended session from the database, unless there are more than the view may hold (then none). */
    private void reloadEndedSessions(Statement statement) throws SQLException {
        endedSessions.reload(() -> countEndedSessions(statement, null), loader -> {
            try (ResultSet rows = statement.executeQuery("SELECT id, expires_at, key_id FROM ended_sessions")) {
                while (rows.next()) {
                    String key = rows.getString(3);
                    loader.add(new SessionId(rows.getString(1)), key == null ? null : new ApiKeyId(key),
                            rows.getTimestamp(2).toInstant());
                }
            }
        });
    }

    /**
     * Forgets expired ended sessions, and takes back into memory what is small enough again: a key whose
     * records the database now holds within the bound, or, after the view as a whole went past its bound, all.
     */
    private void pruneEndedSessions(Statement statement) throws SQLException {
        endedSessions.prune(Instant.now().minus(ENDED_SESSION_MARGIN));
        if (endedSessions.overflowed()) {
            reloadEndedSessions(statement);
            return;
        }
        for (ApiKeyId key : endedSessions.keysAskingTheDatabase()) {
            endedSessions.reloadKey(key, () -> countEndedSessions(statement, key), loader -> {
                try (PreparedStatement select = statement.getConnection().prepareStatement(
                        "SELECT id, expires_at FROM ended_sessions WHERE key_id = ?")) {
                    select.setString(1, key.value());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            loader.add(new SessionId(rows.getString(1)), key, rows.getTimestamp(2).toInstant());
                        }
                    }
                }
            });
        }
    }

    private static long countEndedSessions(Statement statement, ApiKeyId key) throws SQLException {
        String query = key == null ? "SELECT count(*) FROM ended_sessions"
                : "SELECT count(*) FROM ended_sessions WHERE key_id = ?";
        try (PreparedStatement count = statement.getConnection().prepareStatement(query)) {
            if (key != null) {
                count.setString(1, key.value());
            }
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Where the pool connects, to open the listening connection beside it. */
    private record HikariSettings(String url, String username, String password) {
        static HikariSettings of(DataSource dataSource) {
            try {
                HikariDataSource pool = DelegatingDataSource.unwrapDataSource(dataSource).unwrap(HikariDataSource.class);
                return new HikariSettings(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
            } catch (SQLException e) {
                throw new IllegalStateException("the key view needs the Hikari pool's settings", e);
            }
        }

        Connection connect() throws SQLException {
            Properties properties = new Properties();
            if (username != null) {
                properties.setProperty("user", username);
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
            properties.setProperty("ApplicationName", APPLICATION_NAME);
            properties.setProperty("connectTimeout", "5");
            properties.setProperty("socketTimeout", "10"); // a silent network is noticed, and the view reconnects
            properties.setProperty("tcpKeepAlive", "true");
            return DriverManager.getConnection(url, properties);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        inStepAsOf = 0;
        listener.interrupt();
    }
}
