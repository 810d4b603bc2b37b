package dev.keyport.application.port.out;

import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyRing;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.secret.SecretDigest;
import java.util.Optional;

/** Where API keys are kept, as key rings (for changes) and by digest (for login). */
public interface ApiKeys {

    /**
     * Loads the owner's key ring and locks it until the surrounding transaction ends, so that
     * concurrent changes to one ring happen one after the other. Call inside
     * {@link Transactions#inTransaction}.
     */
    KeyRing lockRing(UserId owner);

    /** Loads the owner's key ring for reading, without a lock. */
    KeyRing ring(UserId owner);

    /** Applies the ring's {@link KeyRing#changes()}. */
    void save(KeyRing ring);

    /** The key whose value has this digest, if any (one indexed read on the login path). */
    Optional<ApiKey> findByDigest(SecretDigest digest);
}
