package dev.keyport.domain.error;

/** The key ring already holds a key with this name. */
public final class DuplicateKeyName extends DomainException {
    public DuplicateKeyName(String name) {
        super("an API key named '" + name + "' already exists");
    }
}
