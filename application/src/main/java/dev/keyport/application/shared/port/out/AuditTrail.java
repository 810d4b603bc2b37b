package dev.keyport.application.shared.port.out;

import dev.keyport.domain.apikey.KeyEvent;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.user.UserEvent;
import java.util.List;

/**
 * Where audit events go. Key and user lifecycle events are recorded typed ({@link KeyEvent}, {@link UserEvent}); the
 * audit entry is one projection of each, and decorators (webhooks) make theirs from the same typed event.
 */
public interface AuditTrail {

    /**
     * Records an event. Inside {@link Transactions#inTransaction} the event is part of that
     * transaction: it is kept if and only if the change commits, so the record of a change that was
     * answered is never lost (lifecycle and admin events are recorded this way). Outside a transaction
     * a store may keep the event in memory and write it later in a batch, documenting how late and what
     * a crash loses; login events are recorded this way, so that a login writes nothing, and such a
     * recording never fails the login.
     */
    void record(AuditEvent event);

    /**
     * Records a key lifecycle event, typed, under the same rules as {@link #record(AuditEvent)}: its audit entry is
     * {@link KeyEvent#audit()}. Decorators that act on key events (webhooks) act on these, never on audit text.
     */
    default void record(KeyEvent event) {
        record(event.audit());
    }

    /**
     * Records a user lifecycle event, typed, under the same rules: its audit entry, if it has one, is
     * {@link UserEvent#audit()}. Decorators that act on user events act on these.
     */
    default void record(UserEvent event) {
        event.audit().ifPresent(this::record);
    }

    /** The newest events first, at most {@code limit}; events recorded through this store are included. */
    List<AuditEvent> latest(int limit);
}
