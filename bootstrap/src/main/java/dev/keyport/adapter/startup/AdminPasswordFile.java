package dev.keyport.adapter.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where a generated admin password goes: the file {@value #NAME} in the data directory, readable by its
 * owner only (0600 from the moment it exists: written under a temporary name made with those permissions,
 * then moved into place), never the log. It holds the password and a newline, so {@code cat} gives it.
 */
final class AdminPasswordFile {
    static final String NAME = "admin-password";

    private AdminPasswordFile() {}

    /** Writes the password (replacing an older file) and returns the file's absolute path. */
    static Path write(Path dataDirectory, String password) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        Path file = directory.resolve(NAME);
        try {
            Files.createDirectories(directory);
            boolean posix =
                    FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            FileAttribute<?>[] ownerOnly = posix
                    ? new FileAttribute<?>[] {
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                    }
                    : new FileAttribute<?>[0];
            Path temporary = Files.createTempFile(directory, "." + NAME, ".tmp", ownerOnly);
            try {
                Files.writeString(temporary, password + "\n", StandardCharsets.US_ASCII);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the generated admin password to " + file + "; make the data "
                            + "directory (KEYPORT_DATA_DIR) writable, or set KEYPORT_ADMIN_PASSWORD, and start again",
                    e);
        }
    }
}
