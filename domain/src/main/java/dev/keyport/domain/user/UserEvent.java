package dev.keyport.domain.user;

import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.audit.AuditTarget;
import dev.keyport.domain.id.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user lifecycle event, typed, as {@link dev.keyport.domain.apikey.KeyEvent} is for keys: recorded by the service
 * with the change, inside its transaction. The audit trail's entry ({@link #audit()}) and any webhook are projections
 * of it, never parsed from each other's text. One record per thing that happened to a user, carrying its facts
 * (ddd-by-examples/library's {@code PatronEvent} style); new lifecycle steps (a user disabled, enabled, deleted) are
 * new cases, and the compiler then asks each projection what to make of them.
 */
public sealed interface UserEvent {
    Instant at();

    AuditActor actor();

    UserId userId();

    /** The audit trail's entry for this event, if the trail records this kind. */
    Optional<AuditEvent> audit();

    /** A user registered with an email and a password (the client, not yet signed in, is the actor). */
    record Registered(Instant at, UserId userId, AuthProvider provider) implements UserEvent {
        public Registered {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(provider, "provider");
        }

        @Override
        public AuditActor actor() {
            return AuditActor.CLIENT;
        }

        /** None: the audit trail records admin actions and key lifecycle, not sign-ups. */
        @Override
        public Optional<AuditEvent> audit() {
            return Optional.empty();
        }
    }

    /**
     * Every session of a user ended at once by an admin: {@code storedSessions} stored sessions deleted, and the
     * sessions of the user's {@code keys} keys ended through their generations.
     */
    record SessionsRevoked(Instant at, AuditActor actor, UserId userId, int storedSessions, int keys)
            implements UserEvent {
        public SessionsRevoked {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(userId, "userId");
        }

        @Override
        public Optional<AuditEvent> audit() {
            return Optional.of(new AuditEvent(
                    at,
                    actor,
                    AuditAction.USER_SESSIONS_REVOKED,
                    new AuditTarget.User(userId),
                    storedSessions + " stored sessions deleted, sessions of " + keys + " keys ended"));
        }
    }

    // --- issue 24 (ADR 0023): deleted, disabled, enabled, an identity linked; each audited and announced --------

    /** The user, their identities, sessions and keys are gone. {@code detail} is for people (the audit text). */
    record Deleted(Instant at, AuditActor actor, UserId userId, String detail) implements UserEvent {
        public Deleted {
            check(at, actor, userId, detail);
        }

        @Override
        public Optional<AuditEvent> audit() {
            return Optional.of(entry(this, AuditAction.USER_DELETED, detail));
        }
    }

    /** The user can no longer log in with any credential; their sessions ended. */
    record Disabled(Instant at, AuditActor actor, UserId userId, String detail) implements UserEvent {
        public Disabled {
            check(at, actor, userId, detail);
        }

        @Override
        public Optional<AuditEvent> audit() {
            return Optional.of(entry(this, AuditAction.USER_DISABLED, detail));
        }
    }

    /** The user can log in again (the sessions that ended stay ended). */
    record Enabled(Instant at, AuditActor actor, UserId userId, String detail) implements UserEvent {
        public Enabled {
            check(at, actor, userId, detail);
        }

        @Override
        public Optional<AuditEvent> audit() {
            return Optional.of(entry(this, AuditAction.USER_ENABLED, detail));
        }
    }

    /** An identity was added to the user (an email/password linked to an anonymous user, for example). */
    record IdentityLinked(Instant at, AuditActor actor, UserId userId, String detail) implements UserEvent {
        public IdentityLinked {
            check(at, actor, userId, detail);
        }

        @Override
        public Optional<AuditEvent> audit() {
            return Optional.of(entry(this, AuditAction.USER_IDENTITY_LINKED, detail));
        }
    }

    private static AuditEvent entry(UserEvent event, AuditAction action, String detail) {
        return new AuditEvent(event.at(), event.actor(), action, new AuditTarget.User(event.userId()), detail);
    }

    private static void check(Instant at, AuditActor actor, UserId userId, String detail) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(detail, "detail");
    }
}
