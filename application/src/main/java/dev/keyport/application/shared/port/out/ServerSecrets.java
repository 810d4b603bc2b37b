package dev.keyport.application.shared.port.out;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Secrets the server makes for itself (the key behind refresh and admin tokens), kept in the store so
 * that every instance on it, and every restart, agrees on them. What is stored here is stored as given:
 * callers seal a secret ({@link SecretSealer}) before they hand it over.
 */
public interface ServerSecrets {

    /**
     * The secret stored under {@code name}; if there is none yet, {@code candidate}'s value is stored and
     * returned. When several instances start at once, the first to store wins and all get its value.
     */
    byte[] getOrCreate(String name, Supplier<byte[]> candidate);

    /** The secret stored under {@code name}, if any. */
    Optional<byte[]> find(String name);

    /** Forgets the secret stored under {@code name}, if any. */
    void remove(String name);
}
