package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.session.Session;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.User;
import dev.keyport.domain.user.UserType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The state shared by the in-memory adapters, and their {@link Transactions}: one lock serialises
 * transactions, and a snapshot taken at the start is restored when the work throws, so a failed use
 * case leaves nothing behind, exactly as with PostgreSQL.
 */
public final class InMemoryDatabase implements Transactions {
    final ReentrantLock lock = new ReentrantLock();
    Map<UserId, User> users = new LinkedHashMap<>();
    Map<Email, Users.PasswordAccount> passwords = new LinkedHashMap<>();
    Map<ApiKeyId, ApiKey> keys = new LinkedHashMap<>();
    /** Issue 24: users an admin disabled, and users who logged in at least once. */
    java.util.Set<UserId> disabledUsers = new java.util.HashSet<>();

    java.util.Set<UserId> loggedIn = new java.util.HashSet<>();
    Map<SessionId, Session> sessions = new LinkedHashMap<>();
    Map<AuthProvider, ProviderSetting> providers = new EnumMap<>(AuthProvider.class);
    List<AuditEvent> audit = new ArrayList<>();
    Map<String, StoredEndpoint> webhookEndpoints = new LinkedHashMap<>();
    List<StoredDelivery> webhookDeliveries = new ArrayList<>();
    java.util.Set<String> expiryNotices = new java.util.HashSet<>();
    InMemoryAccounts.State accounts = new InMemoryAccounts.State();
    /** custom-token identities: provider, issuer and subject to the user. */
    Map<dev.keyport.domain.user.Identity.External, UserId> externalIdentities = new LinkedHashMap<>();
    /** Provider secrets, sealed by the caller. */
    Map<String, byte[]> providerSecrets = new LinkedHashMap<>();
    /** Kept outside transactions, as attempts are recorded after a delivery was sent. */
    final Map<String, List<dev.keyport.domain.webhook.WebhookAttempt>> webhookAttempts = new LinkedHashMap<>();

    record StoredEndpoint(dev.keyport.domain.webhook.WebhookEndpoint endpoint, byte[] sealedSecret) {}

    record StoredDelivery(
            dev.keyport.domain.webhook.WebhookDelivery delivery, java.time.Instant leasedUntil, String leaseToken) {}

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        lock.lock();
        try {
            var users0 = new LinkedHashMap<>(users);
            var passwords0 = new LinkedHashMap<>(passwords);
            var keys0 = new LinkedHashMap<>(keys);
            var disabled0 = new java.util.HashSet<>(disabledUsers);
            var loggedIn0 = new java.util.HashSet<>(loggedIn);
            var sessions0 = new LinkedHashMap<>(sessions);
            var providers0 = new EnumMap<>(providers);
            var audit0 = new ArrayList<>(audit);
            var endpoints0 = new LinkedHashMap<>(webhookEndpoints);
            var deliveries0 = new ArrayList<>(webhookDeliveries);
            var notices0 = new java.util.HashSet<>(expiryNotices);
            var accounts0 = accounts.copy();
            var external0 = new LinkedHashMap<>(externalIdentities);
            var providerSecrets0 = new LinkedHashMap<>(providerSecrets);
            try {
                return work.get();
            } catch (RuntimeException | Error e) {
                users = users0;
                passwords = passwords0;
                keys = keys0;
                disabledUsers = disabled0;
                loggedIn = loggedIn0;
                sessions = sessions0;
                providers = providers0;
                audit = audit0;
                webhookEndpoints = endpoints0;
                webhookDeliveries = deliveries0;
                expiryNotices = notices0;
                accounts = accounts0;
                externalIdentities = external0;
                providerSecrets = providerSecrets0;
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    boolean isServerKey(ApiKey key) {
        User owner = users.get(key.ownerId());
        return owner != null && owner.type() == UserType.SERVER;
    }

    void requireTransaction() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("this operation must run inside Transactions.inTransaction");
        }
    }
}
