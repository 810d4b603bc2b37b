package dev.keyport.archfixture.violating.domain;

import java.nio.file.Files;
import java.nio.file.Path;

/** Breaks "the core does no I/O": a domain class reading a file. */
public final class KeyFile {
    private KeyFile() {}

    public static String read(String name) throws java.io.IOException {
        return Files.readString(Path.of(name));
    }
}
