package dev.keyport.domain.audit;

import dev.keyport.domain.id.UserId;
import java.util.Objects;

/**
 * Who did what an audit event records. Stored and shown as its {@link #label()}
 * ({@code admin:<name>}, {@code user:<id>}, {@code client}, {@code app-directory}), read back with
 * {@link #parse(String)}.
 */
public sealed interface AuditActor {

    String label();

    /** The admin, signed in to the admin API or the console. */
    record Admin(String username) implements AuditActor {
        public Admin {
            username = AuditText.printable(Objects.requireNonNull(username, "username"));
        }

        @Override
        public String label() {
            return "admin:" + username;
        }
    }

    /** A logged-in user, acting on their own keys. */
    record User(UserId id) implements AuditActor {
        public User {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String label() {
            return "user:" + id.value();
        }
    }

    /** Someone not yet authenticated: a login attempt. */
    record Client() implements AuditActor {
        @Override
        public String label() {
            return "client";
        }
    }

    /** The app directory applied at start ({@code KEYPORT_APP_DIR}). */
    record AppDirectory() implements AuditActor {
        @Override
        public String label() {
            return "app-directory";
        }
    }

    /** Keyport itself, on a schedule (for example a token signing key rotated when due). */
    record Schedule() implements AuditActor {
        @Override
        public String label() {
            return "schedule";
        }
    }

    AuditActor CLIENT = new Client();
    AuditActor APP_DIRECTORY = new AppDirectory();
    AuditActor SCHEDULE = new Schedule();

    /** The actor a stored {@link #label()} names: a kind without a value, or {@code kind:value}. */
    static AuditActor parse(String label) {
        Objects.requireNonNull(label, "label");
        return switch (label) {
            case "client" -> CLIENT;
            case "app-directory" -> APP_DIRECTORY;
            case "schedule" -> SCHEDULE;
            default -> {
                int colon = label.indexOf(':');
                String value = label.substring(colon + 1);
                yield switch (colon < 0 ? "" : label.substring(0, colon)) {
                    case "admin" -> new Admin(value);
                    case "user" -> new User(new UserId(value));
                    default -> throw new IllegalArgumentException("not an audit actor: " + label);
                };
            }
        };
    }
}
