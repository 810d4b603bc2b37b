package dev.keyport.archfixture.domain;

import io.micronaut.core.annotation.NonNull;

/** Deliberately breaks the domain rules: it uses a Micronaut annotation. Test fixture only. */
public class DomainClassUsingMicronaut {
    @NonNull
    public String name() {
        return "violation";
    }

    public io.micronaut.core.util.Toggleable toggle() {
        return null;
    }
}
