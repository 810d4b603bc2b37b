package dev.keyport.domain.user;

import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.audit.AuditTarget;
import dev.keyport.domain.id.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A user lifecycle event, typed (issue 24): what the account services record with each change, inside its
 * transaction, and what webhooks are derived from ({@code user.deleted}, {@code user.disabled},
 * {@code user.enabled}, {@code user.identity_linked}), as {@link dev.keyport.domain.apikey.KeyEvent} is for keys.
 * The audit text ({@link #detail()}) is for people and never decides anything.
 */
public sealed interface UserEvent {
    Instant at();

    AuditActor actor();

    UserId userId();

    String detail();

    AuditAction action();

    /** The audit trail's entry for this event. */
    default AuditEvent audit() {
        return new AuditEvent(at(), actor(), action(), new AuditTarget.User(userId()), detail());
    }

    /** The webhook's event type, e.g. {@code user.deleted}. */
    default String type() {
        return action().code();
    }

    /** The user, their identities, sessions and keys are gone. */
    record Deleted(Instant at, AuditActor actor, UserId userId, String detail) implements UserEvent {
        public Deleted {
            check(at, actor, userId, detail);
        }

        @Override
        public AuditAction action() {
            return AuditAction.USER_DELETED;
        }
    }

    /** The user can no longer log in with any credential; their sessions ended. */
    record Disabled(Instant at, AuditActor actor, UserId userId, String detail) implements UserEvent {
        public Disabled {
            check(at, actor, userId, detail);
        }

        @Override
        public AuditAction action() {
            return AuditAction.USER_DISABLED;
        }
    }

    /** The user can log in again (the sessions that ended stay ended). */
    record Enabled(Instant at, AuditActor actor, UserId userId, String detail) implements UserEvent {
        public Enabled {
            check(at, actor, userId, detail);
        }

        @Override
        public AuditAction action() {
            return AuditAction.USER_ENABLED;
        }
    }

    /** An identity was added to the user (an email/password linked to an anonymous user, for example). */
    record IdentityLinked(Instant at, AuditActor actor, UserId userId, String detail) implements UserEvent {
        public IdentityLinked {
            check(at, actor, userId, detail);
        }

        @Override
        public AuditAction action() {
            return AuditAction.USER_IDENTITY_LINKED;
        }
    }

    private static void check(Instant at, AuditActor actor, UserId userId, String detail) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(detail, "detail");
    }
}
