package dev.keyport.application;

import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import java.util.Optional;

/**
 * A store's API keys, every call passed through, for a test that stands between the use cases and the store:
 * it overrides the one call it watches (a read it delays, a view it makes lag) and wires the use cases to
 * {@link #in(DrivenPorts)}.
 */
public class DelegatingApiKeys implements ApiKeys {
    protected final ApiKeys store;

    public DelegatingApiKeys(ApiKeys store) {
        this.store = store;
    }

    /** The same driven ports, with these API keys in place of theirs. */
    public DrivenPorts in(DrivenPorts ports) {
        return new DrivenPorts(
                ports.users(),
                this,
                ports.keyUsage(),
                ports.sessions(),
                ports.endedSessions(),
                ports.transactions(),
                ports.serverKeys(),
                ports.providers(),
                ports.audit(),
                ports.adminAccounts(),
                ports.loginFailures(),
                ports.secrets(),
                ports.signingKeys(),
                ports.webhookEndpoints(),
                ports.webhookOutbox(),
                ports.keyExpiryNotices(),
                ports.tokenKeys(),
                ports.providerSecrets(),
                ports.externalIdentities(),
                ports.accounts());
    }

    @Override
    public KeyRing lockRing(UserId owner) {
        return store.lockRing(owner);
    }

    @Override
    public KeyRing ring(UserId owner) {
        return store.ring(owner);
    }

    @Override
    public void save(KeyRing ring) {
        store.save(ring);
    }

    @Override
    public Optional<ApiKey> findByDigest(SecretDigest digest) {
        return store.findByDigest(digest);
    }

    @Override
    public Optional<ApiKey> find(ApiKeyId id) {
        return store.find(id);
    }

    @Override
    public Optional<ApiKey> findCurrent(ApiKeyId id) {
        return store.findCurrent(id);
    }
}
