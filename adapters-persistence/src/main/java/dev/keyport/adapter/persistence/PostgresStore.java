package dev.keyport.adapter.persistence;

import dev.keyport.application.DrivenPorts;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The PostgreSQL adapters, every driven port over one connection pool. This is the persistence
 * module's one public entry: the adapters themselves, the {@link Database} helper and the
 * {@link KeyStateView} they share stay package-private, so nothing outside can reach past the ports.
 * The schema is Flyway's (migrated before this opens). {@link #close()} writes what the batch writers
 * still hold and stops the key-state listener.
 */
public final class PostgresStore implements AutoCloseable {

    /**
     * @param usageFlushInterval    how often last-used times are written ({@code keyport.api-key-usage.flush-interval})
     * @param auditFlushInterval    how often batched login events are written ({@code keyport.audit.flush-interval})
     * @param auditMaxPending       how many login events may wait for a write before new ones are dropped
     * @param providerRefresh       how often each instance re-reads the provider switches
     * @param keyViewHeartbeat      how often the key-state view checks that it is in step
     * @param keyViewMaxStaleness   how long the view may go without a good heartbeat before it stops answering
     * @param keyViewMaxKeys        how many keys the view holds
     * @param keyViewMaxEndedSessions how many logged-out key sessions the view holds in all; past it, it asks the
     *                              database (issue 23)
     * @param maxEndedSessionsPerKey how many logged-out sessions of one key are remembered (the use case's bound,
     *                              {@code SessionPolicy}); past it, the view asks the database about that key
     * @param keyViewUrl            where the view's listening connection goes (a JDBC URL reaching PostgreSQL
     *                              directly when the pool goes through a transaction pooler); empty: the pool's URL
     * @param keyViewEnabled        false: no view, every key login and refresh reads PostgreSQL
     */
    public record Settings(
            Duration usageFlushInterval,
            Duration auditFlushInterval,
            int auditMaxPending,
            Duration providerRefresh,
            Duration keyViewHeartbeat,
            Duration keyViewMaxStaleness,
            int keyViewMaxKeys,
            int keyViewMaxEndedSessions,
            int maxEndedSessionsPerKey,
            Optional<String> keyViewUrl,
            boolean keyViewEnabled) {
        public Settings {
            Objects.requireNonNull(keyViewUrl, "keyViewUrl");
            Objects.requireNonNull(usageFlushInterval, "usageFlushInterval");
            Objects.requireNonNull(auditFlushInterval, "auditFlushInterval");
            Objects.requireNonNull(providerRefresh, "providerRefresh");
            Objects.requireNonNull(keyViewHeartbeat, "keyViewHeartbeat");
            Objects.requireNonNull(keyViewMaxStaleness, "keyViewMaxStaleness");
        }
    }

    private final Database db;
    private final KeyStateView view;
    private final BatchedApiKeyUsage usage;
    private final PostgresAuditTrail audit;
    private final PostgresAuthProviders providers;
    private final DrivenPorts ports;
    private final dev.keyport.application.accounts.port.out.AccountPorts accounts;

    private PostgresStore(
            DataSource dataSource,
            ConnectionOperations<Connection> connections,
            TransactionOperations<Connection> transactions,
            JsonMapper json,
            Settings settings) {
        db = new Database(connections);
        view = new KeyStateView(
                dataSource,
                settings.keyViewHeartbeat(),
                settings.keyViewMaxStaleness(),
                settings.keyViewMaxKeys(),
                settings.keyViewUrl(),
                settings.keyViewEnabled(),
                new EndedKeySessions.Bounds(
                        // a key holds up to two rounds of records: the current one and the one swept last
                        (int) Math.min(2L * settings.maxEndedSessionsPerKey(), settings.keyViewMaxEndedSessions()),
                        settings.keyViewMaxEndedSessions()));
        usage = new BatchedApiKeyUsage(db, settings.usageFlushInterval());
        audit = new PostgresAuditTrail(db, settings.auditFlushInterval(), settings.auditMaxPending());
        providers = new PostgresAuthProviders(db, json, settings.providerRefresh());
        PostgresWebhooks webhooks = new PostgresWebhooks(db);
        PostgresUsers users = new PostgresUsers(db, view, json);
        ports = new DrivenPorts(
                users,
                new PostgresApiKeys(db, view),
                usage,
                new PostgresSessions(db),
                new PostgresEndedSessions(db, view),
                new PostgresTransactions(transactions),
                new PostgresServerApiKeys(db, view),
                providers,
                audit,
                new PostgresAdminAccounts(db),
                new PostgresLoginFailures(db),
                new PostgresServerSecrets(db),
                new PostgresSigningKeyPairs(db),
                webhooks,
                webhooks,
                new PostgresKeyExpiryNotices(db),
                new PostgresTokenKeySet(db),
                new PostgresProviderSecrets(db),
                new PostgresExternalIdentities(db, users, json),
                PostgresAccounts.over(db));
        accounts = ports.accounts();
    }

    /** Opens the adapters over a pool whose database Flyway has migrated. */
    public static PostgresStore open(
            DataSource dataSource,
            ConnectionOperations<Connection> connections,
            TransactionOperations<Connection> transactions,
            JsonMapper json,
            Settings settings) {
        return new PostgresStore(dataSource, connections, transactions, json, settings);
    }

    /**
     * A batch writer's state, for monitoring: what waits to be written, how many flushes failed since
     * start, and (audit only) how many login events were dropped because too many were waiting.
     */
    public record WriterBacklog(int pending, long failedFlushes, long dropped) {}

    /** The {@code last_used_at} writer. */
    public WriterBacklog usageWriter() {
        return usage.backlog();
    }

    /** The login-event writer of the audit trail. */
    public WriterBacklog auditWriter() {
        return audit.backlog();
    }

    /**
     * The key view, for monitoring (ADR 0016): whether it is in step now (its heartbeat notifications
     * come back; while not, every key login and refresh reads PostgreSQL), and how many key lookups it
     * answered from memory and how many it passed to the database since start.
     */
    public record KeyViewStatus(boolean inStep, long answeredFromView, long askedDatabase) {}

    public KeyViewStatus keyView() {
        KeyStateView.Status status = view.status();
        return new KeyViewStatus(status.inStep(), status.answeredFromView(), status.askedDatabase());
    }

    /** How many user API keys and server API keys there are now (one query). */
    public KeyCounts keyCounts() {
        return db.withConnection(connection -> {
            try (var count = connection.createStatement();
                    var row = count.executeQuery(
                            "SELECT count(*) FILTER (WHERE NOT server), count(*) FILTER (WHERE server) "
                                    + "FROM api_keys")) {
                row.next();
                return new KeyCounts(row.getLong(1), row.getLong(2));
            }
        });
    }

    public record KeyCounts(long userKeys, long serverKeys) {}

    /**
     * Whether the database already holds secrets sealed under a key-encryption key: access-token key pairs,
     * webhook secrets, or a sealed server secret (the one a Keyport older than sealing left in the clear does
     * not count). An instance that has no key-encryption key must not make one then: it could not open them.
     */
    public boolean holdsSealedSecrets() {
        return db.withConnection(connection -> {
            try (var query = connection.createStatement();
                    var row = query.executeQuery("SELECT EXISTS (SELECT 1 FROM signing_keys) "
                            + "OR EXISTS (SELECT 1 FROM token_keys) "
                            + "OR EXISTS (SELECT 1 FROM webhook_endpoints) "
                            + "OR EXISTS (SELECT 1 FROM provider_secrets) "
                            + "OR EXISTS (SELECT 1 FROM server_secrets WHERE name <> 'access-token-signing-key')")) {
                row.next();
                return row.getBoolean(1);
            }
        });
    }

    public DrivenPorts ports() {
        return ports;
    }

    /** The ports of confirmation and reset (ADR 0022) over the same pool. */
    public dev.keyport.application.accounts.port.out.AccountPorts accountPorts() {
        return accounts;
    }

    /**
     * For tests: empties every table and everything cached from them. What the batch writers hold is
     * written first, so that none of it lands in the emptied tables afterwards.
     */
    void truncateEverything() {
        usage.flush();
        audit.flush();
        db.withConnection(connection -> {
            try (var truncate = connection.createStatement()) {
                truncate.execute(
                        "TRUNCATE sessions, ended_sessions, api_keys, identities, users, auth_providers, "
                                + "admin_accounts, admin_sessions, audit_events, login_failures, server_secrets, signing_keys, "
                                + "webhook_attempts, webhook_deliveries, webhook_endpoints, key_expiry_notices, token_keys, "
                                + "pending_registrations, password_resets, account_mail_requests, mail_outbox, provider_secrets");
            }
            return null;
        });
        view.forgetAllKeys(); // at once; the TRUNCATE's own announcement (V13) arrives later and forgets them again
        providers.forgetSnapshot();
    }

    Database database() {
        return db;
    }

    KeyStateView view() {
        return view;
    }

    BatchedApiKeyUsage usage() {
        return usage;
    }

    @Override
    public void close() {
        usage.close();
        audit.close();
        view.close();
    }
}
