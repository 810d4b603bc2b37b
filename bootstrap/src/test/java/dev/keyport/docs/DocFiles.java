package dev.keyport.docs;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's files are, from a test run in any module directory. */
final class DocFiles {
    private DocFiles() {}

    /** The directory holding README.md and docs/: the working directory (bootstrap under Maven) or its parent. */
    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("README.md"))
                    && Files.isDirectory(dir.resolve("docs"))
                    && Files.isDirectory(dir.resolve("application"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no project root (README.md, docs/, application/) above "
                + Path.of("").toAbsolutePath());
    }
}
