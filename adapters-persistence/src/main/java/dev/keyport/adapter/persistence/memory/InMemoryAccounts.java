package dev.keyport.adapter.persistence.memory;

import dev.keyport.application.accounts.port.out.AccountMailRequests;
import dev.keyport.application.accounts.port.out.AccountPorts;
import dev.keyport.application.accounts.port.out.MailOutbox;
import dev.keyport.application.accounts.port.out.PasswordResets;
import dev.keyport.application.accounts.port.out.PendingRegistrations;
import dev.keyport.domain.account.AccountToken;
import dev.keyport.domain.account.PasswordReset;
import dev.keyport.domain.account.PendingRegistration;
import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.Email;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The in-memory side of confirmation and reset (ADR 0022), with the PostgreSQL adapters' contracts. */
final class InMemoryAccounts {
    private InMemoryAccounts() {}

    /** Everything kept, copied at the start of a transaction and restored when it fails. */
    static final class State {
        Map<Email, PendingRegistration> registrations = new LinkedHashMap<>();
        Map<UserId, PasswordReset> resets = new LinkedHashMap<>();
        Map<String, AccountMailRequests.Request> requests = new LinkedHashMap<>();
        Map<String, Mail> mails = new LinkedHashMap<>();

        State copy() {
            State copy = new State();
            copy.registrations = new LinkedHashMap<>(registrations);
            copy.resets = new LinkedHashMap<>(resets);
            copy.requests = new LinkedHashMap<>(requests);
            copy.mails = new LinkedHashMap<>(mails);
            return copy;
        }
    }

    record Mail(
            String id,
            String recipient,
            String subject,
            byte[] sealedBody,
            Instant createdAt,
            int attempts,
            Instant nextAttemptAt,
            Instant leasedUntil,
            String leaseToken,
            String lastError) {}

    static AccountPorts over(InMemoryDatabase db) {
        return new AccountPorts(new Registrations(db), new Resets(db), new Requests(db), new Outbox(db));
    }

    private record Registrations(InMemoryDatabase db) implements PendingRegistrations {
        @Override
        public void add(PendingRegistration registration) {
            db.locked(() -> {
                if (db.accounts.registrations.putIfAbsent(registration.email(), registration) != null) {
                    throw new EmailAlreadyRegistered();
                }
                return null;
            });
        }

        @Override
        public Optional<PendingRegistration> find(Email email) {
            return db.locked(() -> Optional.ofNullable(db.accounts.registrations.get(email)));
        }

        @Override
        public Optional<PendingRegistration> findByTokenId(String tokenId) {
            return db.locked(() -> db.accounts.registrations.values().stream()
                    .filter(r -> r.token().tokenId().equals(tokenId))
                    .findFirst());
        }

        @Override
        public boolean replaceToken(Email email, AccountToken.Stored token) {
            return db.locked(
                    () -> db.accounts.registrations.computeIfPresent(email, (e, r) -> r.withToken(token)) != null);
        }

        @Override
        public boolean remove(Email email) {
            db.requireTransaction();
            return db.accounts.registrations.remove(email) != null;
        }

        @Override
        public List<PendingRegistration> list(int limit) {
            return db.locked(() -> db.accounts.registrations.values().stream()
                    .sorted(Comparator.comparing(PendingRegistration::createdAt)
                            .thenComparing(r -> r.email().value()))
                    .limit(limit)
                    .toList());
        }
    }

    private record Resets(InMemoryDatabase db) implements PasswordResets {
        @Override
        public void replace(PasswordReset reset) {
            db.locked(() -> db.accounts.resets.put(reset.userId(), reset));
        }

        @Override
        public Optional<PasswordReset> take(String tokenId) {
            db.requireTransaction();
            Optional<PasswordReset> found = db.accounts.resets.values().stream()
                    .filter(r -> r.token().tokenId().equals(tokenId))
                    .findFirst();
            found.ifPresent(r -> db.accounts.resets.remove(r.userId()));
            return found;
        }

        @Override
        public void removeAllOf(UserId user) {
            db.locked(() -> db.accounts.resets.remove(user));
        }

        @Override
        public Optional<PasswordReset> current(UserId user) {
            return db.locked(() -> Optional.ofNullable(db.accounts.resets.get(user)));
        }

        @Override
        public int removeExpired(Instant now, int limit) {
            return db.locked(() -> {
                List<UserId> expired = db.accounts.resets.values().stream()
                        .filter(r -> !r.token().expiresAt().isAfter(now))
                        .limit(limit)
                        .map(PasswordReset::userId)
                        .toList();
                expired.forEach(db.accounts.resets::remove);
                return expired.size();
            });
        }
    }

    private record Requests(InMemoryDatabase db) implements AccountMailRequests {
        @Override
        public void request(Email email, Kind kind, Instant at) {
            db.locked(() -> db.accounts.requests.putIfAbsent(kind + ":" + email.value(), new Request(email, kind, at)));
        }

        @Override
        public List<Request> take(int limit) {
            db.requireTransaction();
            List<String> keys =
                    db.accounts.requests.keySet().stream().limit(limit).toList();
            List<Request> taken = new ArrayList<>();
            keys.forEach(key -> taken.add(db.accounts.requests.remove(key)));
            return taken;
        }
    }

    private record Outbox(InMemoryDatabase db) implements MailOutbox {
        @Override
        public void enqueue(NewMail mail) {
            db.requireTransaction();
            db.accounts.mails.put(
                    mail.id(),
                    new Mail(
                            mail.id(),
                            mail.recipient(),
                            mail.subject(),
                            mail.sealedBody(),
                            mail.createdAt(),
                            0,
                            mail.createdAt(),
                            null,
                            null,
                            null));
        }

        @Override
        public List<Claimed> claimDue(Instant now, Instant leaseUntil, String leaseToken, int limit) {
            return db.locked(() -> {
                List<Mail> due = db.accounts.mails.values().stream()
                        .filter(m ->
                                m.nextAttemptAt() != null && !m.nextAttemptAt().isAfter(now))
                        .filter(m -> m.leasedUntil() == null || !m.leasedUntil().isAfter(now))
                        .sorted(Comparator.comparing(Mail::nextAttemptAt))
                        .limit(limit)
                        .toList();
                List<Claimed> claimed = new ArrayList<>();
                for (Mail m : due) {
                    db.accounts.mails.put(
                            m.id(),
                            new Mail(
                                    m.id(),
                                    m.recipient(),
                                    m.subject(),
                                    m.sealedBody(),
                                    m.createdAt(),
                                    m.attempts(),
                                    m.nextAttemptAt(),
                                    leaseUntil,
                                    leaseToken,
                                    m.lastError()));
                    claimed.add(new Claimed(m.id(), m.recipient(), m.subject(), m.sealedBody(), m.attempts()));
                }
                return claimed;
            });
        }

        private Optional<Mail> leased(String id, String leaseToken, Instant at) {
            return Optional.ofNullable(db.accounts.mails.get(id))
                    .filter(m -> m.nextAttemptAt() != null
                            && leaseToken.equals(m.leaseToken())
                            && m.leasedUntil() != null
                            && m.leasedUntil().isAfter(at));
        }

        @Override
        public boolean sent(String id, String leaseToken, Instant at) {
            return db.locked(() -> leased(id, leaseToken, at)
                    .map(m -> {
                        db.accounts.mails.put(
                                id,
                                new Mail(
                                        id,
                                        m.recipient(),
                                        m.subject(),
                                        null,
                                        m.createdAt(),
                                        m.attempts() + 1,
                                        null,
                                        null,
                                        null,
                                        null));
                        return true;
                    })
                    .orElse(false));
        }

        @Override
        public boolean failed(
                String id, String leaseToken, int attempts, Instant at, String error, Optional<Instant> retryAt) {
            return db.locked(() -> leased(id, leaseToken, at)
                    .map(m -> {
                        db.accounts.mails.put(
                                id,
                                new Mail(
                                        id,
                                        m.recipient(),
                                        m.subject(),
                                        retryAt.isPresent() ? m.sealedBody() : null,
                                        m.createdAt(),
                                        attempts,
                                        retryAt.orElse(null),
                                        null,
                                        null,
                                        error.length() > 500 ? error.substring(0, 500) : error));
                        return true;
                    })
                    .orElse(false));
        }

        @Override
        public List<Pending> pending(int limit) {
            return db.locked(() -> db.accounts.mails.values().stream()
                    .filter(m -> m.nextAttemptAt() != null)
                    .sorted(Comparator.comparing(Mail::createdAt))
                    .limit(limit)
                    .map(m -> new Pending(
                            m.id(),
                            m.recipient(),
                            m.subject(),
                            m.sealedBody(),
                            m.createdAt(),
                            m.attempts(),
                            Optional.ofNullable(m.lastError())))
                    .toList());
        }

        @Override
        public int prune(Instant before, int limit) {
            return db.locked(() -> {
                List<String> done = db.accounts.mails.values().stream()
                        .filter(m -> m.nextAttemptAt() == null && m.createdAt().isBefore(before))
                        .limit(limit)
                        .map(Mail::id)
                        .toList();
                done.forEach(db.accounts.mails::remove);
                return done.size();
            });
        }
    }
}
