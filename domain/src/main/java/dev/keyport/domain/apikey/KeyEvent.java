package dev.keyport.domain.apikey;

import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.audit.AuditTarget;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A key lifecycle event, typed: what the key services record with each change (inside its transaction), and what
 * the audit trail and webhooks are two projections of. Its {@link #audit()} is the audit trail's entry for it; the
 * audit text ({@link #detail()}) is for people and never decides anything: whether and how a webhook announces it
 * follows from the event's type (and, for a refused login, its {@link LoginRefused.Reason}), so rewording a message
 * cannot stop one. Modelled on ddd-by-examples/library's {@code PatronEvent}: one record per thing that happened,
 * carrying what happened (the later cases carry their facts, the earlier ones their text as the services wrote it).
 */
public sealed interface KeyEvent {
    Instant at();

    AuditActor actor();

    ApiKeyId keyId();

    /** Free text for the audit trail and the webhook payload's {@code detail}. */
    String detail();

    /** The audit action, whose {@link AuditAction#code()} is also the webhook's event type. */
    AuditAction action();

    /** The audit trail's entry for this event. */
    default AuditEvent audit() {
        return new AuditEvent(at(), actor(), action(), new AuditTarget.Key(keyId()), detail());
    }

    /** The webhook's event type, e.g. {@code key.disabled}. */
    default String type() {
        return action().code();
    }

    /** Makes one kind of event; the records' constructors are factories. */
    @FunctionalInterface
    interface Factory {
        KeyEvent make(Instant at, AuditActor actor, ApiKeyId keyId, String detail);
    }

    record Created(Instant at, AuditActor actor, ApiKeyId keyId, String detail) implements KeyEvent {
        public Created {
            check(at, actor, keyId, detail);
        }

        @Override
        public AuditAction action() {
            return AuditAction.KEY_CREATED;
        }
    }

    record Enabled(Instant at, AuditActor actor, ApiKeyId keyId, String detail) implements KeyEvent {
        public Enabled {
            check(at, actor, keyId, detail);
        }

        @Override
        public AuditAction action() {
            return AuditAction.KEY_ENABLED;
        }
    }

    record Disabled(Instant at, AuditActor actor, ApiKeyId keyId, String detail) implements KeyEvent {
        public Disabled {
            check(at, actor, keyId, detail);
        }

        @Override
        public AuditAction action() {
            return AuditAction.KEY_DISABLED;
        }
    }

    record Deleted(Instant at, AuditActor actor, ApiKeyId keyId, String detail) implements KeyEvent {
        public Deleted {
            check(at, actor, keyId, detail);
        }

        @Override
        public AuditAction action() {
            return AuditAction.KEY_DELETED;
        }
    }

    record Rolled(Instant at, AuditActor actor, ApiKeyId keyId, String detail) implements KeyEvent {
        public Rolled {
            check(at, actor, keyId, detail);
        }

        @Override
        public AuditAction action() {
            return AuditAction.KEY_ROLLED;
        }
    }

    record GraceEnded(Instant at, AuditActor actor, ApiKeyId keyId, String detail) implements KeyEvent {
        public GraceEnded {
            check(at, actor, keyId, detail);
        }

        @Override
        public AuditAction action() {
            return AuditAction.KEY_GRACE_ENDED;
        }
    }

    record Expiring(Instant at, AuditActor actor, ApiKeyId keyId, String detail) implements KeyEvent {
        public Expiring {
            check(at, actor, keyId, detail);
        }

        @Override
        public AuditAction action() {
            return AuditAction.KEY_EXPIRING;
        }
    }

    record Expired(Instant at, AuditActor actor, ApiKeyId keyId, String detail) implements KeyEvent {
        public Expired {
            check(at, actor, keyId, detail);
        }

        @Override
        public AuditAction action() {
            return AuditAction.KEY_EXPIRED;
        }
    }

    /** What a client did with a key, not yet signed in: a login and what follows from logouts. */
    sealed interface ByClient extends KeyEvent {
        @Override
        default AuditActor actor() {
            return AuditActor.CLIENT;
        }
    }

    /** A login with a key, answered with a session of the key's owner (recorded outside any transaction: a login writes nothing). */
    record LoginSucceeded(Instant at, ApiKeyId keyId, UserId owner) implements ByClient {
        public LoginSucceeded {
            check(at, keyId);
            Objects.requireNonNull(owner, "owner");
        }

        @Override
        public String detail() {
            return "session for user " + owner.value();
        }

        @Override
        public AuditAction action() {
            return AuditAction.KEY_LOGIN_SUCCEEDED;
        }
    }

    /**
     * Every session of the key ended at once, because {@code loggedOutOneByOne} of its sessions had been logged out one
     * by one (the bound on remembered logouts, issue 23); the key stays enabled.
     */
    record SessionsEnded(Instant at, ApiKeyId keyId, int loggedOutOneByOne) implements ByClient {
        public SessionsEnded {
            check(at, keyId);
        }

        @Override
        public String detail() {
            return "every session of the key ended: " + loggedOutOneByOne
                    + " of its sessions were logged out one by one";
        }

        @Override
        public AuditAction action() {
            return AuditAction.KEY_SESSIONS_ENDED;
        }
    }

    /** A login with an existing key's value, refused; the client is never told why, the audit trail is. */
    record LoginRefused(Instant at, ApiKeyId keyId, Reason reason) implements ByClient {
        public enum Reason {
            DISABLED("key is disabled", true),
            EXPIRED("key expired", true),
            PREVIOUS_VALUE_AFTER_GRACE("previous value of a rolled key, after its grace period", false);

            private final String text;
            private final boolean announced;

            Reason(String text, boolean announced) {
                this.text = text;
                this.announced = announced;
            }

            /** Whether webhooks announce it: the key exists but may not log in (disabled or expired). */
            public boolean announced() {
                return announced;
            }
        }

        public LoginRefused {
            check(at, keyId);
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String detail() {
            return reason.text;
        }

        @Override
        public AuditAction action() {
            return AuditAction.KEY_LOGIN_REFUSED;
        }
    }

    private static void check(Instant at, AuditActor actor, ApiKeyId keyId, String detail) {
        check(at, keyId);
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(detail, "detail");
    }

    private static void check(Instant at, ApiKeyId keyId) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(keyId, "keyId");
    }
}
