package dev.keyport.adapter.persistence;

import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.SessionId;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.StampedLock;

/**
 * The key view's memory of logged-out key sessions (ADR 0008), with a bound that no number of logouts can
 * move (issue 23).
 *
 * <p>Two bounds, each of which falls back to the database, which is authoritative, rather than forget:
 * <ul>
 *   <li><b>Per key</b> ({@link Bounds#perKey}): the use case already keeps each key's records in the database
 *       within this bound (the logout that finds it reached moves the key's session generation on instead and
 *       deletes the key's records). A key whose records in memory pass it (the records of the sessions so
 *       ended are still here) is dropped from memory and answered from the database, until the periodic prune
 *       finds its records in the database within the bound again and takes them back.</li>
 *   <li><b>In all</b> ({@link Bounds#total}): past it, the view drops every record and answers every question
 *       from the database until a prune finds the table small enough to reload.</li>
 * </ul>
 * So memory holds at most {@code total} records (about 150 bytes each), whatever happens, and a logged-out
 * session is never answered as live: a record is only ever dropped when the database answers in its place.
 *
 * <p><b>No lost record.</b> A reload reads the database while this instance's own logouts may commit and be
 * added: what is added while a reload reads is kept aside too, and applied over what the reload read.
 */
final class EndedKeySessions {

    /** How many records one key, and the view as a whole, may hold in memory. */
    record Bounds(int perKey, int total) {
        Bounds {
            if (perKey < 1 || total < perKey) {
                throw new IllegalArgumentException("bounds must be positive, and the total at least the per-key bound");
            }
        }
    }

    /** How a question about one session is answered. */
    enum Answer {
        ENDED,
        LIVE,
        ASK_THE_DATABASE
    }

    /** What memory holds now. */
    record Held(int sessions, int keysAskingTheDatabase, boolean overflowed) {}

    /** Reads a count from the database. */
    interface Count {
        long read() throws SQLException;
    }

    /** Reads records from the database into a loader. */
    interface Load {
        void into(Loader loader) throws SQLException;
    }

    /** Where a reload puts what it reads. */
    interface Loader {
        void add(SessionId session, ApiKeyId key, Instant expiresAt);
    }

    private final Bounds bounds;
    private final ConcurrentHashMap<ApiKeyId, Map<SessionId, Instant>> byKey = new ConcurrentHashMap<>();
    /** Records from before keys were recorded with them (V12): they may be of any key. */
    private final ConcurrentHashMap<SessionId, Instant> withoutKey = new ConcurrentHashMap<>();

    private final Set<ApiKeyId> askingTheDatabase = ConcurrentHashMap.newKeySet();
    /**
     * Every change is made under the write lock; {@link #hasEnded} reads optimistically and reads again under the
     * read lock if a change overlapped, so that no question sees a change half made (a key taken out of memory and
     * not yet marked as asked of the database, memory cleared and the overflow not yet seen).
     */
    private final StampedLock lock = new StampedLock();

    private volatile boolean overflowed;
    /** Records held, under the lock. */
    private int size;
    /** While a reload reads: what was added meanwhile, to apply over what it read (under the lock). */
    private List<Added> addedWhileReading;

    private record Added(SessionId session, ApiKeyId key, Instant expiresAt) {}

    EndedKeySessions(Bounds bounds) {
        this.bounds = bounds;
    }

    Answer hasEnded(ApiKeyId key, SessionId session) {
        long stamp = lock.tryOptimisticRead();
        Answer answer = answer(key, session);
        if (lock.validate(stamp)) {
            return answer;
        }
        stamp = lock.readLock();
        try {
            return answer(key, session);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private Answer answer(ApiKeyId key, SessionId session) {
        if (overflowed || askingTheDatabase.contains(key)) {
            return Answer.ASK_THE_DATABASE;
        }
        Map<SessionId, Instant> ofKey = byKey.get(key);
        boolean ended = withoutKey.containsKey(session) || ofKey != null && ofKey.containsKey(session);
        return ended ? Answer.ENDED : Answer.LIVE;
    }

    /** A logout committed ({@code key} is null for a record from before keys were recorded). */
    void add(SessionId session, ApiKeyId key, Instant expiresAt) {
        long stamp = lock.writeLock();
        try {
            if (addedWhileReading != null) {
                addedWhileReading.add(new Added(session, key, expiresAt));
            }
            if (overflowed || key != null && askingTheDatabase.contains(key)) {
                return; // the database answers for these
            }
            Map<SessionId, Instant> into =
                    key == null ? withoutKey : byKey.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
            if (into.put(session, expiresAt) == null) {
                size++;
            }
            if (key != null && into.size() > bounds.perKey()) {
                byKey.remove(key);
                size -= into.size();
                askingTheDatabase.add(key);
            }
            if (size > bounds.total()) {
                overflow();
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private void overflow() {
        overflowed = true;
        byKey.clear();
        withoutKey.clear();
        askingTheDatabase.clear();
        size = 0;
    }

    boolean overflowed() {
        return overflowed;
    }

    List<ApiKeyId> keysAskingTheDatabase() {
        return List.copyOf(askingTheDatabase);
    }

    /**
     * Replaces everything held by what the database holds, if that is within the bound; otherwise every question
     * goes to the database until a later reload succeeds.
     */
    void reload(Count count, Load load) throws SQLException {
        EndedKeySessions read = new EndedKeySessions(bounds);
        List<Added> meanwhile = startReading();
        boolean complete = false;
        try {
            if (count.read() > bounds.total()) {
                read.overflow();
            } else {
                load.into(read::add);
            }
            complete = true;
        } finally {
            long stamp = lock.writeLock();
            try {
                addedWhileReading = null;
                meanwhile.forEach(added -> read.add(added.session(), added.key(), added.expiresAt()));
                if (!complete) {
                    // The read failed part way: what it read is not the table. Keep nothing that could answer
                    // LIVE for a record it did not reach; the database answers until a reload succeeds.
                    overflow();
                } else if (read.overflowed) {
                    overflow();
                } else {
                    byKey.clear();
                    byKey.putAll(read.byKey);
                    withoutKey.clear();
                    withoutKey.putAll(read.withoutKey);
                    askingTheDatabase.clear();
                    askingTheDatabase.addAll(read.askingTheDatabase);
                    size = read.size;
                    overflowed = false;
                }
            } finally {
                lock.unlockWrite(stamp);
            }
        }
    }

    /** Takes one key's records back into memory, if the database holds them within the bound. */
    void reloadKey(ApiKeyId key, Count count, Load load) throws SQLException {
        Map<SessionId, Instant> read = new ConcurrentHashMap<>();
        List<Added> meanwhile = startReading();
        boolean within = false;
        try {
            if (count.read() <= bounds.perKey()) {
                load.into((session, ofKey, expiresAt) -> read.put(session, expiresAt));
                within = true;
            }
        } finally {
            long stamp = lock.writeLock();
            try {
                addedWhileReading = null;
                meanwhile.stream()
                        .filter(added -> key.equals(added.key()))
                        .forEach(added -> read.put(added.session(), added.expiresAt()));
                if (within && !overflowed && read.size() <= bounds.perKey() && size + read.size() <= bounds.total()) {
                    if (!read.isEmpty()) {
                        byKey.put(key, read);
                        size += read.size();
                    }
                    askingTheDatabase.remove(key);
                }
            } finally {
                lock.unlockWrite(stamp);
            }
        }
    }

    /** From now until the reload installs what it read, additions are also kept aside (one reload at a time). */
    private List<Added> startReading() {
        long stamp = lock.writeLock();
        try {
            addedWhileReading = new ArrayList<>();
            return addedWhileReading;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Forgets records of sessions that expired before {@code forgetBefore}. */
    void prune(Instant forgetBefore) {
        long stamp = lock.writeLock();
        try {
            size -= removeExpired(withoutKey, forgetBefore);
            byKey.values().removeIf(ofKey -> {
                size -= removeExpired(ofKey, forgetBefore);
                return ofKey.isEmpty();
            });
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private static int removeExpired(Map<SessionId, Instant> records, Instant forgetBefore) {
        int before = records.size();
        records.values().removeIf(expiresAt -> expiresAt.isBefore(forgetBefore));
        return before - records.size();
    }

    Held held() {
        long stamp = lock.writeLock();
        try {
            return new Held(size, askingTheDatabase.size(), overflowed);
        } finally {
            lock.unlockWrite(stamp);
        }
    }
}
