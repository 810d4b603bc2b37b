package dev.keyport.application.userkeys.port.out;

import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import java.util.Optional;

/** Where API keys are kept, as key rings (for changes) and by digest (for login). */
public interface ApiKeys {

    /**
     * Loads the owner's key ring and locks it until the surrounding transaction ends, so that
     * concurrent changes to one ring happen one after the other. Outside
     * {@link Transactions#inTransaction} it throws {@link IllegalStateException}.
     */
    KeyRing lockRing(UserId owner);

    /** Loads the owner's key ring for reading, without a lock. */
    KeyRing ring(UserId owner);

    /** Applies the ring's {@link KeyRing#changes()}; inside a transaction only, like {@link #lockRing}. */
    void save(KeyRing ring);

    /**
     * The key whose value has this digest, if any: the key-login path. Like {@link #find}, a store
     * may answer from a view of the keys kept in step across instances instead of a read (ADR 0008);
     * a change saved through this port is then seen at once by this instance, and within the
     * revocation bound (1 s) by every other.
     */
    Optional<ApiKey> findByDigest(SecretDigest digest);

    /** The key with this id, if any: the key-session refresh path (see {@link #findByDigest}). */
    Optional<ApiKey> find(ApiKeyId id);

    /**
     * The key with this id as the store holds it now, never from a view: for when {@link #find} answered a key
     * that is visibly behind (a session names a session generation the key has not reached yet, because the
     * change that made it was committed on another instance an instant ago).
     */
    Optional<ApiKey> findCurrent(ApiKeyId id);
}
