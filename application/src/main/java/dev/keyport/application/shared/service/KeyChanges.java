package dev.keyport.application.shared.service;

import dev.keyport.application.shared.port.in.ChangedApiKey;
import dev.keyport.application.shared.port.in.CreatedApiKey;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.apikey.KeyAggregate;
import dev.keyport.domain.apikey.KeyEvent;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.secret.ApiKeySecret;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way a key changes, user key or server key alike: lock the aggregate that holds it, let the aggregate
 * decide, end the stored sessions opened with the key when the change takes the key away from its devices, save
 * the aggregate's changes, and record the typed {@link KeyEvent}, all in one transaction (the event commits with the
 * change or not at all). What differs between the two kinds (who may act, which provider must be on, where the
 * keys are held, what else goes with a deleted key) stays with each service and its {@link Holder}.
 */
public record KeyChanges(Transactions transactions, Sessions sessions, AuditTrail audit, Clock clock) {

    /**
     * Where one kind of key is held (a user's ring, the app's server-key roster): how to load it locked inside the
     * change's transaction and save it, how the audit trail names a key ({@code user key 'phone' of user <id>}), and
     * what goes with a deleted key after the aggregate is saved (a server key's server user).
     */
    public record Holder<A extends KeyAggregate>(
            Supplier<A> lock, Consumer<A> save, Function<ApiKey, String> describe, Consumer<ApiKey> deleted) {
        /** A holder whose deleted keys take nothing with them. */
        public Holder(Supplier<A> lock, Consumer<A> save, Function<ApiKey, String> describe) {
            this(lock, save, describe, key -> {});
        }
    }

    /** A change of an existing key that needs nothing but its id. */
    public enum Change {
        ENABLE(KeyAggregate::enable, KeyEvent.Enabled::new, false),
        /** The key may no longer log in: its stored sessions end with it, its other sessions through its generation. */
        DISABLE(KeyAggregate::disable, KeyEvent.Disabled::new, true),
        /** As disabling, and the key is gone. */
        DELETE(KeyAggregate::remove, KeyEvent.Deleted::new, true),
        END_GRACE(KeyAggregate::endGrace, KeyEvent.GraceEnded::new, false);

        private final BiFunction<KeyAggregate, ApiKeyId, ApiKey> apply;
        private final KeyEvent.Factory event;
        private final boolean endsSessions;

        Change(BiFunction<KeyAggregate, ApiKeyId, ApiKey> apply, KeyEvent.Factory event, boolean endsSessions) {
            this.apply = apply;
            this.event = event;
            this.endsSessions = endsSessions;
        }
    }

    /** Enables, disables, deletes a key or ends its grace, in a transaction of its own. */
    public <A extends KeyAggregate> ChangedApiKey change(
            Holder<A> holder, ApiKeyId keyId, AuditActor actor, Change change) {
        return transactions.inTransaction(() -> apply(
                holder,
                aggregate -> change.apply.apply(aggregate, keyId),
                change.event,
                actor,
                change.endsSessions,
                change == Change.DELETE));
    }

    /** Gives a key a new value ({@code secret}), the old one accepted until {@code graceUntil}, in a transaction of its own. */
    public <A extends KeyAggregate> CreatedApiKey roll(
            Holder<A> holder, ApiKeyId keyId, ApiKeySecret secret, Optional<Instant> graceUntil, AuditActor actor) {
        return transactions.inTransaction(() -> new CreatedApiKey(
                apply(
                                holder,
                                aggregate -> aggregate.roll(keyId, secret.digest(), graceUntil),
                                KeyEvent.Rolled::new,
                                actor,
                                false,
                                false)
                        .key(),
                secret));
    }

    /**
     * Adds a key with the value {@code secret}; {@code add} is the aggregate's own {@code add}, under its rules. Call it
     * inside the caller's transaction, after the checks that need no lock.
     */
    public <A extends KeyAggregate> CreatedApiKey add(
            Holder<A> holder, ApiKeySecret secret, AuditActor actor, Function<A, ApiKey> add) {
        return new CreatedApiKey(
                apply(holder, add, KeyEvent.Created::new, actor, false, false).key(), secret);
    }

    /** The template: lock, change, end sessions, save, (remove what goes with a deleted key), record. */
    private <A extends KeyAggregate> ChangedApiKey apply(
            Holder<A> holder,
            Function<A, ApiKey> change,
            KeyEvent.Factory event,
            AuditActor actor,
            boolean endsSessions,
            boolean deletes) {
        A aggregate = holder.lock().get();
        ApiKey key = change.apply(aggregate);
        int ended = endsSessions ? sessions.removeAllOpenedWith(key.id()) : 0;
        holder.save().accept(aggregate);
        if (deletes) {
            holder.deleted().accept(key);
        }
        audit.record(
                event.make(clock.instant(), actor, key.id(), holder.describe().apply(key) + grace(key)));
        return new ChangedApiKey(key, ended);
    }

    /** For the audit of a roll: until when the previous value works. */
    private static String grace(ApiKey key) {
        return key.previousValue()
                .map(previous -> "; previous value accepted until " + previous.validUntil())
                .orElse("");
    }
}
