package dev.keyport.application.signingkeys.port.out;

import java.time.Instant;
import java.util.List;

/**
 * The HMAC keys of refresh and admin tokens, kept in the store so that every instance signs with the
 * same key and verifies the same set (ADR 0015). The keys arrive sealed; the store never sees them in
 * the clear. Changes run inside {@link dev.keyport.application.shared.port.out.Transactions} after
 * {@link #lock()}, so that two instances starting or rotating at once do not both add a newest key.
 */
public interface TokenKeySet {

    /** Every stored key, in no particular order. */
    List<StoredTokenKey> all();

    /** Holds the set's lock until the surrounding transaction ends. Must run inside a transaction. */
    void lock();

    /** Stores a new key. */
    void add(StoredTokenKey key);

    /** Makes the key verify-only until {@code until} (it keeps signing until a newer key's start). */
    void verifyOnlyUntil(String kid, Instant until);

    /** Forgets the key: no token carrying its {@code kid} verifies any more. */
    void remove(String kid);
}
