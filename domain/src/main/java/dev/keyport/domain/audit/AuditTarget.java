package dev.keyport.domain.audit;

import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.LowercaseHex;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.AuthProvider;
import java.util.Objects;

/**
 * What an audit event's action was done to. Stored and shown as its {@link #label()}
 * ({@code key:<id>}, {@code user:<id>}, {@code provider:<name>}, {@code admin:<name>},
 * {@code unknown key sha256:<12 hex digits>}, {@code malformed key}, {@code signing-key:<kid>}, {@code token-key:<kid>}), read back with
 * {@link #parse(String)}.
 */
public sealed interface AuditTarget {

    String label();

    /** A user API key or a server API key. */
    record Key(ApiKeyId id) implements AuditTarget {
        public Key {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String label() {
            return "key:" + id.value();
        }
    }

    /** A user (for example, all of whose sessions were ended). */
    record User(UserId id) implements AuditTarget {
        public User {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String label() {
            return "user:" + id.value();
        }
    }

    /** An authentication provider that was switched on or off. */
    record Provider(AuthProvider provider) implements AuditTarget {
        public Provider {
            Objects.requireNonNull(provider, "provider");
        }

        @Override
        public String label() {
            return "provider:" + provider.protocolName();
        }
    }

    /** The admin account (a login, a sign-out, a password change), or the username a refused login gave. */
    record Admin(String username) implements AuditTarget {
        public Admin {
            username = AuditText.printable(Objects.requireNonNull(username, "username"));
        }

        @Override
        public String label() {
            return "admin:" + username;
        }
    }

    /** A key login with a value that names no key: the first 12 hex digits of its SHA-256, never the value. */
    record UnknownKey(String digestPrefix) implements AuditTarget {
        public UnknownKey {
            if (!LowercaseHex.is(Objects.requireNonNull(digestPrefix, "digestPrefix"), 12)) {
                throw new IllegalArgumentException("12 lowercase hex digits expected");
            }
        }

        @Override
        public String label() {
            return "unknown key sha256:" + digestPrefix;
        }
    }

    /** A key login with a value that is not a key at all. */
    record MalformedKey() implements AuditTarget {
        @Override
        public String label() {
            return "malformed key";
        }
    }

    /** An access-token signing key, by its {@code kid}. */
    record SigningKey(String kid) implements AuditTarget {
        public SigningKey {
            if (!Objects.requireNonNull(kid, "kid").matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("a kid is 1 to 64 base64url characters");
            }
        }

        @Override
        public String label() {
            return "signing-key:" + kid;
        }
    }

    /** An HMAC key of refresh and admin tokens, by its {@code kid}. */
    record TokenKey(String kid) implements AuditTarget {
        public TokenKey {
            if (!Objects.requireNonNull(kid, "kid").matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("a kid is 1 to 64 base64url characters");
            }
        }

        @Override
        public String label() {
            return "token-key:" + kid;
        }
    }

    AuditTarget MALFORMED_KEY = new MalformedKey();

    /** The target a stored {@link #label()} names: a kind without a value, or {@code kind:value}. */
    static AuditTarget parse(String label) {
        Objects.requireNonNull(label, "label");
        return switch (label) {
            case "malformed key" -> MALFORMED_KEY;
            default -> {
                int colon = label.indexOf(':');
                String value = label.substring(colon + 1);
                yield switch (colon < 0 ? "" : label.substring(0, colon)) {
                    case "key" -> new Key(new ApiKeyId(value));
                    case "user" -> new User(new UserId(value));
                    case "provider" ->
                        new Provider(AuthProvider.byProtocolName(value)
                                .orElseThrow(() -> new IllegalArgumentException("not an audit target: " + label)));
                    case "admin" -> new Admin(value);
                    case "unknown key sha256" -> new UnknownKey(value);
                    case "signing-key" -> new SigningKey(value);
                    case "token-key" -> new TokenKey(value);
                    default -> throw new IllegalArgumentException("not an audit target: " + label);
                };
            }
        };
    }
}
