package dev.keyport.archfixture.violating.domain;

/** An immutable domain value: every field final, no I/O. */
public record Key(String id, boolean enabled) {
    public Key disabled() {
        return new Key(id, false);
    }
}
