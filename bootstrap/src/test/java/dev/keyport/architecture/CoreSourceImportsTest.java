package dev.keyport.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ArchUnit reads bytecode, and an unused import leaves none. This test reads the sources of domain
 * and application, so that even an unused framework import is reported with its file.
 */
class CoreSourceImportsTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^import\\s+(static\\s+)?(io\\.micronaut|jakarta|javax\\.inject|java\\.sql|javax\\.sql|com\\.fasterxml)\\..*",
            Pattern.MULTILINE);

    @Test
    void domain_and_application_sources_import_no_framework() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> offenders;
        try (Stream<Path> files = Stream.concat(
                Files.walk(root.resolve("domain/src/main/java")), Files.walk(root.resolve("application/src/main/java")))) {
            offenders = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(CoreSourceImportsTest::importsAFramework)
                    .map(file -> root.relativize(file).toString())
                    .toList();
        }
        assertThat(offenders).as("classes in domain/application that import a framework").isEmpty();
    }

    private static boolean importsAFramework(Path file) {
        try {
            return FORBIDDEN.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
