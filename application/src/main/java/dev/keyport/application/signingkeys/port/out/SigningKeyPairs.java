package dev.keyport.application.signingkeys.port.out;

import java.util.List;

/**
 * The access-token signing key pairs, kept in the store so that every instance signs with the same key
 * and publishes the same set. The private halves are stored sealed (see
 * {@link dev.keyport.application.shared.port.out.SecretSealer}); the store never sees them in the clear.
 */
public interface SigningKeyPairs {

    /** Every stored pair, in no particular order. */
    List<StoredKeyPair> all();

    /** Stores a new pair; a pair with the same {@code kid} is left as it is. */
    void add(StoredKeyPair pair);

    /** Forgets the pair (once no token it signed can still be valid). */
    void remove(String kid);
}
