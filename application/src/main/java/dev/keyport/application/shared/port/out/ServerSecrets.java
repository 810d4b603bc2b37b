package dev.keyport.application.shared.port.out;

import java.util.function.Supplier;

/**
 * Secrets the server makes for itself (the token signing key), kept in the store so that every
 * instance on it, and every restart, agrees on them.
 */
public interface ServerSecrets {

    /**
     * The secret stored under {@code name}; if there is none yet, {@code candidate}'s value is stored and
     * returned. When several instances start at once, the first to store wins and all get its value.
     */
    byte[] getOrCreate(String name, Supplier<byte[]> candidate);
}
