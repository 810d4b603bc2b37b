package dev.keyport.adapter.persistence;

import dev.keyport.application.contract.DrivenPorts;
import dev.keyport.application.admin.port.out.AdminAccounts;
import dev.keyport.application.login.port.out.LoginFailures;
import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.login.port.out.EndedSessions;
import dev.keyport.application.serverkeys.port.out.ServerApiKeys;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The PostgreSQL adapters over a fresh database, in a Micronaut context that holds only the
 * persistence module (Flyway migrates on start). {@link #fresh()} empties every table.
 */
final class PostgresAdapters implements AutoCloseable {
    private final ApplicationContext context;
    private final TestDatabase.Coordinates database;

    private static PostgresAdapters shared;

    /**
     * One context and database for every contract test class in this JVM (each test still starts on
     * emptied tables, see {@link #fresh()}); closed when the JVM ends.
     */
    static synchronized PostgresAdapters shared() {
        if (shared == null) {
            shared = new PostgresAdapters();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "postgres-adapters-close"));
        }
        return shared;
    }

    PostgresAdapters() {
        database = TestDatabase.freshDatabase();
        Map<String, Object> properties = new HashMap<>(database.micronautProperties());
        properties.put("keyport.api-key-usage.flush-interval", "1h"); // tests flush explicitly
        context = ApplicationContext.run(properties);
    }

    DrivenPorts fresh() {
        context.getBean(AuthProviders.class).save(dev.keyport.domain.provider.ProviderSetting.enabledByDefault(
                dev.keyport.domain.user.AuthProvider.API_KEY)); // drops the cached snapshot before the TRUNCATE below
        context.getBean(Database.class).withConnection(connection -> {
            try (var truncate = connection.createStatement()) {
                truncate.execute("TRUNCATE sessions, ended_sessions, api_keys, identities, users, auth_providers, admin_accounts, admin_sessions, audit_events, login_failures");
            }
            return null;
        });
        context.getBean(KeyStateView.class).forgetAllKeys(); // TRUNCATE fires no trigger
        return new DrivenPorts(context.getBean(Users.class), context.getBean(ApiKeys.class),
                context.getBean(BatchedApiKeyUsage.class), context.getBean(Sessions.class),
                context.getBean(EndedSessions.class),
                context.getBean(Transactions.class), context.getBean(ServerApiKeys.class),
                context.getBean(AuthProviders.class), context.getBean(AuditTrail.class),
                context.getBean(AdminAccounts.class), context.getBean(LoginFailures.class));
    }

    TestDatabase.Coordinates database() {
        return database;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    BatchedApiKeyUsage usage() {
        return context.getBean(BatchedApiKeyUsage.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
