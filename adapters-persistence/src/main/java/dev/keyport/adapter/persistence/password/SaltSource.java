package dev.keyport.adapter.persistence.password;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Where a password scheme takes its salts: a DRBG of its own ({@code SecureRandom.getInstance("DRBG")}), locked
 * only by the hashing threads that use it. The default {@code SecureRandom} on Linux (NativePRNG) shares one
 * process-wide lock with every id the request threads generate; a hashing thread of lowered priority
 * ({@link HashingPriority}) preempted while holding it would make them wait for it (priority inversion).
 */
final class SaltSource {
    private SaltSource() {}

    static SecureRandom create() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom(); // a JDK configured without DRBG
        }
    }
}
