package dev.keyport.application.shared.port.out;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Secrets the server keeps for itself by name, in the store so that every instance on it, and every
 * restart, agrees on them. Since ADR 0015 the token keys live in their own set ({@code TokenKeySet}); here
 * remain only the previous version's single key, until the first start of this version moves it there. What is stored here is stored as given:
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
