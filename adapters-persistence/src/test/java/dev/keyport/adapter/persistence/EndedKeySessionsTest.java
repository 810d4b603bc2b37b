package dev.keyport.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.persistence.EndedKeySessions.Answer;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.SessionId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The key view's memory of logged-out sessions stays within its bounds, and never answers a logged-out session
 * as live: past a bound it sends the question to the database instead (issue 23).
 */
class EndedKeySessionsTest {
    private static final Random RANDOM = new Random(23);
    private static final Instant LATER = Instant.now().plus(Duration.ofDays(1));

    private final EndedKeySessions ended = new EndedKeySessions(new EndedKeySessions.Bounds(3, 10));

    private static ApiKeyId key() {
        return ApiKeyId.generate(Instant.now(), RANDOM);
    }

    private static SessionId session() {
        return SessionId.generate(Instant.now(), RANDOM);
    }

    @Test
    void answers_from_memory_within_the_bounds() {
        ApiKeyId key = key();
        SessionId out = session();
        ended.add(out, key, LATER);
        assertThat(ended.hasEnded(key, out)).isEqualTo(Answer.ENDED);
        assertThat(ended.hasEnded(key, session())).isEqualTo(Answer.LIVE);
        assertThat(ended.held().sessions()).isEqualTo(1);
    }

    @Test
    void a_key_past_its_bound_is_answered_by_the_database_and_its_records_leave_memory() {
        ApiKeyId key = key();
        List<SessionId> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(session());
            ended.add(out.get(i), key, LATER);
        }
        for (SessionId session : out) {
            assertThat(ended.hasEnded(key, session)).isEqualTo(Answer.ASK_THE_DATABASE);
        }
        assertThat(ended.hasEnded(key, session()))
                .as("not LIVE: memory no longer knows")
                .isEqualTo(Answer.ASK_THE_DATABASE);
        assertThat(ended.held().sessions()).isZero();
        assertThat(ended.keysAskingTheDatabase()).containsExactly(key);

        ApiKeyId other = key();
        assertThat(ended.hasEnded(other, session()))
                .as("other keys are still answered from memory")
                .isEqualTo(Answer.LIVE);
    }

    @Test
    void past_the_total_bound_everything_is_answered_by_the_database_and_memory_is_emptied() {
        for (int i = 0; i < 11; i++) {
            ended.add(session(), i % 2 == 0 ? null : key(), LATER);
        }
        assertThat(ended.overflowed()).isTrue();
        assertThat(ended.held().sessions()).isZero();
        assertThat(ended.hasEnded(key(), session())).isEqualTo(Answer.ASK_THE_DATABASE);
    }

    @Test
    void a_reload_within_the_bound_comes_back_to_memory_and_keeps_what_was_added_while_it_read() throws Exception {
        for (int i = 0; i < 11; i++) {
            ended.add(session(), key(), LATER);
        }
        assertThat(ended.overflowed()).isTrue();
        ApiKeyId key = key();
        SessionId inTable = session();
        SessionId meanwhile = session();
        ended.reload(() -> 1, loader -> {
            loader.add(inTable, key, LATER);
            ended.add(meanwhile, key, LATER); // a logout of this instance commits while the reload reads
        });
        assertThat(ended.overflowed()).isFalse();
        assertThat(ended.hasEnded(key, inTable)).isEqualTo(Answer.ENDED);
        assertThat(ended.hasEnded(key, meanwhile)).isEqualTo(Answer.ENDED);
    }

    @Test
    void a_reload_of_a_table_past_the_bound_stays_with_the_database() throws Exception {
        ended.reload(() -> 11, loader -> {
            throw new AssertionError("nothing is read when the count is past the bound");
        });
        assertThat(ended.overflowed()).isTrue();
    }

    @Test
    void a_key_whose_records_are_within_the_bound_again_comes_back_to_memory() throws Exception {
        ApiKeyId key = key();
        for (int i = 0; i < 4; i++) {
            ended.add(session(), key, LATER);
        }
        SessionId stillEnded = session();
        SessionId meanwhile = session();
        ended.reloadKey(key, () -> 5, loader -> {
            throw new AssertionError("nothing is read while the database holds more than the bound");
        });
        assertThat(ended.keysAskingTheDatabase()).containsExactly(key);

        // the key's generation moved on and its records were deleted: the database holds one new record
        ended.reloadKey(key, () -> 1, loader -> {
            loader.add(stillEnded, key, LATER);
            ended.add(meanwhile, key, LATER);
        });
        assertThat(ended.keysAskingTheDatabase()).isEmpty();
        assertThat(ended.hasEnded(key, stillEnded)).isEqualTo(Answer.ENDED);
        assertThat(ended.hasEnded(key, meanwhile)).isEqualTo(Answer.ENDED);
        assertThat(ended.hasEnded(key, session())).isEqualTo(Answer.LIVE);
    }

    @Test
    void prune_forgets_only_expired_records() {
        ApiKeyId key = key();
        SessionId expired = session();
        SessionId live = session();
        ended.add(expired, key, Instant.now().minus(Duration.ofHours(2)));
        ended.add(live, key, LATER);
        ended.prune(Instant.now().minus(Duration.ofHours(1)));
        assertThat(ended.hasEnded(key, expired)).isEqualTo(Answer.LIVE);
        assertThat(ended.hasEnded(key, live)).isEqualTo(Answer.ENDED);
        assertThat(ended.held().sessions()).isEqualTo(1);
    }

    /**
     * Finding (attack-main): a reload that fails (the database drops mid-read) installed what it had read so far,
     * or nothing, and cleared the overflow: every record it had not read yet was answered LIVE until the listener
     * noticed the failure. A failed reload must leave the view no less cautious than before.
     */
    @Test
    void a_reload_that_fails_forgets_nothing_it_could_not_replace() {
        ApiKeyId key = key();
        SessionId out = session();
        ended.add(out, key, LATER);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ended.reload(
                        () -> {
                            throw new java.sql.SQLException("connection lost");
                        },
                        loader -> {}))
                .isInstanceOf(java.sql.SQLException.class);
        assertThat(ended.hasEnded(key, out))
                .as("the failed reload read nothing: the record was not replaced")
                .isNotEqualTo(Answer.LIVE);

        for (int i = 0; i < 11; i++) {
            ended.add(session(), key(), LATER);
        }
        assertThat(ended.overflowed()).isTrue();
        SessionId unread = session();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ended.reload(() -> 2, loader -> {
                    loader.add(session(), key(), LATER);
                    throw new java.sql.SQLException("connection lost mid-read");
                }))
                .isInstanceOf(java.sql.SQLException.class);
        assertThat(ended.hasEnded(key(), unread))
                .as("half a table is not the table: still ask the database")
                .isEqualTo(Answer.ASK_THE_DATABASE);
    }

    /**
     * Finding (attack-main): {@link EndedKeySessions#hasEnded} reads without the lock, while a key that passes its
     * bound is taken out of memory before it is marked as asked of the database (and the whole view is cleared
     * after it is marked overflowed, which a reader may check before). A question asked in between was answered
     * LIVE for a session that was logged out. Many rounds of drops raced by a reader: not one LIVE may be seen.
     */
    @Test
    void a_reader_racing_a_key_leaving_memory_never_sees_a_logged_out_session_live() throws Exception {
        int rounds = 50_000;
        EndedKeySessions view = new EndedKeySessions(new EndedKeySessions.Bounds(2, 1_000_000));
        ApiKeyId[] keys = new ApiKeyId[rounds];
        SessionId[] firsts = new SessionId[rounds];
        for (int i = 0; i < rounds; i++) {
            keys[i] = key();
            firsts[i] = session();
        }
        java.util.concurrent.atomic.AtomicInteger current = new java.util.concurrent.atomic.AtomicInteger(-1);
        java.util.concurrent.atomic.AtomicInteger live = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                int i = current.get();
                if (i >= 0 && view.hasEnded(keys[i], firsts[i]) == Answer.LIVE) {
                    live.incrementAndGet();
                }
            }
        });
        for (int i = 0; i < rounds; i++) {
            view.add(firsts[i], keys[i], LATER);
            view.add(session(), keys[i], LATER);
            current.set(i);
            Thread.onSpinWait();
            view.add(session(), keys[i], LATER); // past the bound: the key leaves memory
        }
        done.set(true);
        reader.join();
        assertThat(live.get())
                .as("logged-out sessions answered LIVE while their key left memory")
                .isZero();
    }
}
