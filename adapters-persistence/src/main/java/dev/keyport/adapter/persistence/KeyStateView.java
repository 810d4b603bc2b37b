package dev.keyport.adapter.persistence;

import com.zaxxer.hikari.HikariDataSource;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
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
 * <p><b>How it stays in step.</b> One connection of its own {@code LISTEN}s to what the V4/V13 triggers
 * announce on commit: a changed or deleted key ({@code keyport_keys}), a truncated key table
 * ({@code keyport_keys_reset}) and an ended session ({@code keyport_ended_sessions}). Every
 * {@code heartbeat} another connection of its own ({@link ViewHeartbeat}, opened like the pool's)
 * commits a numbered notification of this view's; the view is in step as of the moment it sent
 * one only when the listening connection <em>receives</em> it (ADR 0016). PostgreSQL delivers
 * notifications in commit order, so by then every announcement committed before the heartbeat was
 * sent has arrived and been applied: the heartbeat proves notifications arrive, not just that a
 * query works. The same statement reads the announcing triggers' catalog rows: a trigger missing or
 * not firing ALWAYS means no heartbeat counts; a trigger disabled and enabled again, or recreated,
 * means the view forgets every key and reloads the ended sessions before it counts again. A change
 * made through this instance is applied here after its commit, before the change is answered
 * ({@link Database#afterCommit}).
 *
 * <p><b>What it promises.</b> The view is used only while the last heartbeat that came back was sent
 * less than {@code maxStaleness} ago. Past that (notifications do not arrive, as behind a
 * transaction pooler; the listening connection is slow, broken or being re-established; a trigger
 * is off), every question goes to the database, whose answer is authoritative; when the database
 * cannot answer either, neither can a login. So a change committed anywhere is seen here within
 * {@code maxStaleness}, whatever happens to the notifications. After a reconnect the key cache starts
 * empty and the ended sessions are reloaded, because announcements made while no one listened are
 * lost.
 *
 * <p><b>What it holds.</b> Keys that were asked for (at most {@code maxKeys}; past that, the
 * oldest-looking half is dropped and reloaded on demand), as the login path needs them: state,
 * owner, digest and session generation ({@code last_used_at} in here is not kept fresh). Never an
 * unknown digest. The ended sessions until they would have expired, within bounds per key and in all
 * ({@link EndedKeySessions}): past a bound, the database answers instead (issue 23, ADR 0017).
 *
 * <p><b>No stale load.</b> A load races a change: it may read the old row, then the change commits
 * and is applied, then the load stores what it read. Every change bumps a counter under a lock, and
 * a load stores its row only if the counter did not move while it read.
 */
final class KeyStateView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyStateView.class);
    static final String KEYS_CHANNEL = "keyport_keys";
    static final String ENDED_SESSIONS_CHANNEL = "keyport_ended_sessions";
    /** V13: api_keys was truncated, forget every key. */
    static final String KEYS_RESET_CHANNEL = "keyport_keys_reset";
    /** How often the listening connection checks that it works and still is the backend that LISTENs. */
    private static final long LISTENER_CHECK_NANOS = Duration.ofSeconds(1).toNanos();
    /** No heartbeat back for this long: notifications do not arrive (logged once, with the likely cause). */
    private static final long NOT_ARRIVING_NANOS = Duration.ofSeconds(3).toNanos();
    /** A listening connection that worked and then hears nothing for this long is replaced. */
    private static final long RECONNECT_AFTER_NANOS = Duration.ofSeconds(10).toNanos();
    /**
     * One that never worked (most likely behind a transaction pooler) is tried again this much later,
     * then twice as late each time up to 10 min: each try reloads the ended sessions.
     */
    private static final long NOT_ARRIVING_RETRY_MILLIS = 30_000;

    private static final long NOT_ARRIVING_RETRY_MAX_MILLIS = 600_000;
    /** Signals, from {@link #follow}, that notifications did not arrive there. */
    private static final long NOT_ARRIVING = -1;
    /** The next wait after notifications did not arrive (the listener thread's only). */
    private long notArrivingRetry = NOT_ARRIVING_RETRY_MILLIS;
    /** How the listening connection shows in {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "keyport-key-view";
    /** Ended sessions are forgotten this long after they would have expired: a clock a little off stays safe. */
    static final Duration ENDED_SESSION_MARGIN = Duration.ofHours(1);
    /** The production bounds on ended sessions held: two rounds of SessionPolicy's per-key bound, the setting's default in all. */
    static final EndedKeySessions.Bounds DEFAULT_ENDED_SESSION_BOUNDS = new EndedKeySessions.Bounds(2_000, 100_000);

    private final HikariSettings database;
    /** Where the listening connection goes: {@code keyport.key-view.url}, else where the pool goes. */
    private final String listenUrl;
    /** This view's heartbeats are those whose payload starts with this. */
    private final String nonce = Long.toHexString(new java.security.SecureRandom().nextLong());

    private long heartbeats;
    /** Heartbeats sent and not back yet (the listener thread's only), the oldest dropped. */
    private final java.util.Map<Long, Pending> pending = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, Pending> eldest) {
            return size() > 64;
        }
    };

    private volatile boolean notArrivingLogged;
    private final java.util.concurrent.atomic.LongAdder fromView = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder fromDatabase = new java.util.concurrent.atomic.LongAdder();
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

    /** A heartbeat sent: when, from which backend, and whether the triggers were sound then. */
    private record Pending(long sentAt, int senderPid, boolean valid) {}

    KeyStateView(
            DataSource dataSource,
            Duration heartbeat,
            Duration maxStaleness,
            int maxKeys,
            Optional<String> listenUrl,
            boolean enabled) {
        this(dataSource, heartbeat, maxStaleness, maxKeys, listenUrl, enabled, DEFAULT_ENDED_SESSION_BOUNDS);
    }

    /**
     * @param listenUrl where the listening connection goes (a JDBC URL, same user and password as the
     *                  pool), when the pool goes through a transaction pooler; empty: where the pool goes
     * @param enabled   false: no view at all, every question goes to the database
     */
    KeyStateView(
            DataSource dataSource,
            Duration heartbeat,
            Duration maxStaleness,
            int maxKeys,
            Optional<String> listenUrl,
            boolean enabled,
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
        this.listenUrl = listenUrl.filter(url -> !url.isBlank()).orElse(database.url());
        if (enabled) {
            this.listener =
                    Thread.ofPlatform().name("key-state-listener").daemon(true).start(this::listen);
        } else {
            LOG.info(
                    "Key state view off (keyport.key-view.enabled=false): every key login and refresh reads PostgreSQL");
            this.listener = null;
        }
    }

    /** Whether the view may answer: its last good heartbeat started less than the staleness bound ago. */
    boolean inStep() {
        long asOf = inStepAsOf;
        return asOf != 0 && System.nanoTime() - asOf < maxStalenessNanos;
    }

    /**
     * Whether the view is in step with a heartbeat sent after {@code nanoTime} ({@link System#nanoTime()}): every
     * change committed before that moment has been applied (notifications arrive in commit order).
     */
    boolean inStepSince(long nanoTime) {
        long asOf = inStepAsOf;
        return inStep() && asOf - nanoTime > 0;
    }

    Optional<ApiKey> byDigest(SecretDigest digest, Supplier<Optional<ApiKey>> read) {
        return cached(byDigest.get(digest), read);
    }

    Optional<ApiKey> byId(ApiKeyId id, Supplier<Optional<ApiKey>> read) {
        return cached(byId.get(id), read);
    }

    /** Whether the view is in step now, and how many key lookups it answered and how many it passed on. */
    record Status(boolean inStep, long answeredFromView, long askedDatabase) {}

    Status status() {
        return new Status(inStep(), fromView.sum(), fromDatabase.sum());
    }

    private Optional<ApiKey> cached(ApiKey hit, Supplier<Optional<ApiKey>> read) {
        if (!inStep()) {
            fromDatabase.increment();
            return read.get();
        }
        if (hit != null) {
            fromView.increment();
            return Optional.of(hit);
        }
        fromDatabase.increment();
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

    // --- the listening connection and the heartbeat (ADR 0016) ---------------------------------

    private void listen() {
        long backoff = heartbeatMillis;
        while (running) {
            long retryAfter;
            try (Connection connection = database.connect(listenUrl, APPLICATION_NAME);
                    ViewHeartbeat heartbeat =
                            new ViewHeartbeat(database.connect(database.url(), ViewHeartbeat.APPLICATION_NAME))) {
                retryAfter = follow(connection, heartbeat);
                backoff = heartbeatMillis;
                if (retryAfter == NOT_ARRIVING) {
                    retryAfter = notArrivingRetry;
                    notArrivingRetry = Math.min(notArrivingRetry * 2, NOT_ARRIVING_RETRY_MAX_MILLIS);
                }
            } catch (SQLException | RuntimeException e) {
                inStepAsOf = 0; // no use waiting for the bound to run out: the database answers from now on
                if (!running) {
                    return;
                }
                LOG.warn(
                        "Key state view cannot listen or send its heartbeat; answering from the database until it can: {}",
                        e.getMessage());
                retryAfter = backoff;
                backoff = Math.min(backoff * 2, 5_000);
            }
            inStepAsOf = 0;
            if (running) {
                sleep(retryAfter);
            }
        }
    }

    /**
     * Listens on {@code connection} and sends a heartbeat on the other every {@code heartbeatMillis},
     * until something is wrong; answers how long to wait before trying again. The view is in step as
     * of a heartbeat's sending only once that heartbeat came back on the listening connection, while
     * it waited for nothing but notifications: PostgreSQL delivers notifications in commit order, so
     * every change committed before the heartbeat was sent has then arrived and been applied.
     */
    private long follow(Connection connection, ViewHeartbeat heartbeat) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        try (Statement statement = connection.createStatement()) {
            // The triggers as they are before the reload: a change to them from now on is noticed.
            String triggers = heartbeat.send(nonce + ":0").triggers();
            statement.execute("LISTEN " + KEYS_CHANNEL + "; LISTEN " + ENDED_SESSIONS_CHANNEL + "; LISTEN "
                    + KEYS_RESET_CHANNEL + "; LISTEN " + ViewHeartbeat.CHANNEL);
            int listener = backendPid(statement);
            // Announcements made while no one listened are lost: start from the database.
            forgetAllKeys();
            reloadEndedSessions(statement);
            received(pg.getNotifications(), false, listener);
            long connected = System.nanoTime();
            long lastCheck = connected;
            long lastPrune = connected;
            boolean inStepHere = false;
            String problem = null;
            while (running) {
                long now = System.nanoTime();
                if (now - lastCheck >= LISTENER_CHECK_NANOS) {
                    // The listening connection still works and still is the backend that LISTENs: a
                    // transaction pooler hands each transaction to whichever server connection is free.
                    int current = backendPid(statement);
                    received(pg.getNotifications(), false, listener);
                    if (current != listener) {
                        notArriving("the listening connection moved from PostgreSQL backend " + listener + " to "
                                + current + ", so it cannot hold a LISTEN");
                        unlisten(statement);
                        return NOT_ARRIVING;
                    }
                    lastCheck = now;
                }
                long sentAt = System.nanoTime();
                long seq = ++heartbeats;
                ViewHeartbeat.Sent sent = heartbeat.send(nonce + ":" + seq);
                if (!sent.triggers().equals(triggers)) {
                    // Disabled and enabled again, dropped and recreated, replaced: what changed meanwhile
                    // may never have been announced. Start from the database again.
                    LOG.warn("Key state view: Keyport's triggers changed in the catalog; forgetting every cached key "
                            + "and reloading the ended sessions");
                    forgetAllKeys();
                    reloadEndedSessions(heartbeat.statement());
                    triggers = sent.triggers();
                }
                if (sent.problem().isPresent() && !sent.problem().get().equals(problem)) {
                    LOG.error(
                            "Key state view cannot trust the notifications ({}): every key login and refresh asks "
                                    + "PostgreSQL until this is repaired (migration V13 sets these triggers ENABLE ALWAYS)",
                            sent.problem().get());
                }
                problem = sent.problem().orElse(null);
                pending.put(seq, new Pending(sentAt, sent.pid(), sent.problem().isEmpty()));
                long waitUntil = sentAt + heartbeatMillis * 1_000_000;
                do {
                    long left = (waitUntil - System.nanoTime()) / 1_000_000;
                    received(pg.getNotifications((int) Math.max(1, left)), true, listener);
                } while (running && System.nanoTime() < waitUntil);
                if (!running) {
                    break;
                }

                now = System.nanoTime();
                long asOf = inStepAsOf;
                long lastGood = asOf != 0 && asOf - connected > 0 ? asOf : connected;
                if (inStep()) {
                    if (!inStepHere) {
                        inStepHere = true;
                        notArrivingLogged = false;
                        notArrivingRetry = NOT_ARRIVING_RETRY_MILLIS;
                        LOG.info(
                                "Key state view in step (LISTEN {}, {}; heartbeat {} ms carried by {})",
                                KEYS_CHANNEL,
                                ENDED_SESSIONS_CHANNEL,
                                heartbeatMillis,
                                ViewHeartbeat.CHANNEL);
                    }
                } else if (problem == null && now - lastGood > NOT_ARRIVING_NANOS) {
                    notArriving("its heartbeat notifications have not come back for "
                            + Duration.ofNanos(now - lastGood).toMillis() + " ms");
                    if (!inStepHere) {
                        unlisten(statement); // never worked here: most likely a pooler, try again later
                        return NOT_ARRIVING;
                    }
                    if (now - lastGood > RECONNECT_AFTER_NANOS) {
                        return heartbeatMillis; // worked before: a fresh connection, soon
                    }
                }
                if (now - lastPrune > Duration.ofMinutes(1).toNanos()) {
                    pruneEndedSessions(heartbeat.statement()); // not on the listening connection: it waits idle
                    lastPrune = now;
                }
            }
            return 0;
        }
    }

    /**
     * Applies what arrived; takes a heartbeat as proof only if it is one of this view's, came from
     * the backend that sent it, found the triggers sound, and arrived while the listening connection
     * waited for nothing else ({@code idle}): through a transaction pooler, notifications reach a
     * client only during its own queries, and then they may be another client's leftovers.
     */
    private void received(PGNotification[] notifications, boolean idle, int listener) {
        if (notifications == null || notifications.length == 0) {
            return;
        }
        java.util.List<PGNotification> changes = new java.util.ArrayList<>(notifications.length);
        long proof = 0;
        for (PGNotification notification : notifications) {
            switch (notification.getName()) {
                case ViewHeartbeat.CHANNEL -> {
                    Pending sent = ours(notification.getParameter());
                    if (idle
                            && sent != null
                            && sent.valid()
                            && notification.getPID() == sent.senderPid()
                            && sent.senderPid() != listener) {
                        proof = Math.max(proof, sent.sentAt());
                    }
                }
                case KEYS_RESET_CHANNEL -> forgetAllKeys();
                default -> changes.add(notification);
            }
        }
        apply(changes.toArray(PGNotification[]::new));
        if (proof != 0 && (inStepAsOf == 0 || proof - inStepAsOf > 0)) {
            inStepAsOf = proof;
        }
    }

    private Pending ours(String payload) {
        int colon = payload.indexOf(':');
        if (colon < 0 || !payload.substring(0, colon).equals(nonce)) {
            return null;
        }
        try {
            return pending.remove(Long.parseLong(payload.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void notArriving(String why) {
        inStepAsOf = 0;
        if (!notArrivingLogged) {
            notArrivingLogged = true;
            LOG.error(
                    "Key state view is not in step: {}. Every key login and refresh asks PostgreSQL instead (correct, "
                            + "but slower). The likely cause is a pooler in transaction mode (PgBouncer pool_mode=transaction) "
                            + "between Keyport and PostgreSQL: LISTEN needs a session of its own. Point KEYPORT_KEY_VIEW_URL "
                            + "at PostgreSQL directly (or at a session-mode pool), or set KEYPORT_KEY_VIEW_ENABLED=false. "
                            + "Trying again in {} s, then less and less often.",
                    why,
                    notArrivingRetry / 1000);
        }
    }

    /** Best effort, before leaving: behind a pooler the LISTEN would stay on a server connection others use. */
    private static void unlisten(Statement statement) {
        try {
            statement.execute("UNLISTEN *");
        } catch (SQLException ignored) {
            // the connection is closed next anyway
        }
    }

    private static int backendPid(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
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
                    sessionEnded(
                            new SessionId(parts[0]),
                            parts.length == 3 ? new ApiKeyId(parts[2]) : null,
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
                    loader.add(
                            new SessionId(rows.getString(1)),
                            key == null ? null : new ApiKeyId(key),
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
                try (PreparedStatement select = statement
                        .getConnection()
                        .prepareStatement("SELECT id, expires_at FROM ended_sessions WHERE key_id = ?")) {
                    select.setString(1, key.value());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            loader.add(
                                    new SessionId(rows.getString(1)),
                                    key,
                                    rows.getTimestamp(2).toInstant());
                        }
                    }
                }
            });
        }
    }

    private static long countEndedSessions(Statement statement, ApiKeyId key) throws SQLException {
        String query = key == null
                ? "SELECT count(*) FROM ended_sessions"
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
                HikariDataSource pool =
                        DelegatingDataSource.unwrapDataSource(dataSource).unwrap(HikariDataSource.class);
                return new HikariSettings(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
            } catch (SQLException e) {
                throw new IllegalStateException("the key view needs the Hikari pool's settings", e);
            }
        }

        Connection connect(String url, String applicationName) throws SQLException {
            Properties properties = new Properties();
            if (username != null) {
                properties.setProperty("user", username);
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
            properties.setProperty("ApplicationName", applicationName);
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
        if (listener != null) {
            listener.interrupt();
        }
    }
}
