package dev.keyport.domain.user;

import java.util.Objects;

/** A one-way password hash in a self-describing encoded form (algorithm, parameters, salt, hash). */
public record PasswordHash(String encoded) {
    public PasswordHash {
        Objects.requireNonNull(encoded, "encoded");
    }

    @Override
    public String toString() {
        return "PasswordHash[hidden]";
    }
}
