package dev.keyport.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.audit.AuditTarget;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.UserId;
import dev.keyport.domain.user.AuthProvider;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Audit actors and targets are stored as labels; each kind must read back as itself, and nothing else parses. */
class AuditLabelsTest {
    private static final UserId USER = UserId.generate(Instant.EPOCH, new Random(1));

    @Test
    void every_actor_reads_back_from_its_label() {
        for (AuditActor actor : List.of(
                new AuditActor.Admin("root"),
                new AuditActor.User(USER),
                AuditActor.CLIENT,
                AuditActor.APP_DIRECTORY,
                AuditActor.SCHEDULE)) {
            assertThat(AuditActor.parse(actor.label())).isEqualTo(actor);
        }
    }

    @Test
    void every_target_reads_back_from_its_label() {
        for (AuditTarget target : List.of(
                new AuditTarget.Key(ApiKeyId.generate(Instant.EPOCH, new Random(2))),
                new AuditTarget.User(USER),
                new AuditTarget.Provider(AuthProvider.LOCAL_USERPASS),
                new AuditTarget.Admin("a:b"),
                new AuditTarget.UnknownKey("00ff00ff00ff"),
                AuditTarget.MALFORMED_KEY,
                new AuditTarget.SigningKey("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"),
                new AuditTarget.TokenKey("legacy"))) {
            assertThat(AuditTarget.parse(target.label())).isEqualTo(target);
        }
    }

    @Test
    void labels_of_no_known_kind_are_refused() {
        assertThatThrownBy(() -> AuditActor.parse("root")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditTarget.parse("key")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditTarget.parse("provider:nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditTarget.parse("unknown key sha256:XYZ"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditTarget.parse("signing-key:a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_admin_name_is_kept_printable() {
        assertThat(new AuditActor.Admin("ro\not").label()).isEqualTo("admin:ro?ot");
    }

    @Test
    void audit_text_holds_no_unpaired_surrogate_even_when_clipped() {
        assertThat(new AuditActor.Admin("ro\ud800ot").label()).isEqualTo("admin:ro?ot");
        String clipped = new AuditActor.Admin("a".repeat(199) + "\ud83d\ude00tail").label();
        assertThat(clipped.codePoints().filter(c -> c >= 0xd800 && c <= 0xdfff)).isEmpty();
        assertThat(new AuditActor.Admin("\ud83d\ude00").label())
                .as("a pair is kept")
                .isEqualTo("admin:\ud83d\ude00");
    }
}
