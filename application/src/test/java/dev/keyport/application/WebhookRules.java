package dev.keyport.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.serverkeys.port.in.CreateServerApiKey;
import dev.keyport.application.serverkeys.port.in.ServerApiKeyCommand;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.application.webhooks.port.out.WebhookSender;
import dev.keyport.application.webhooks.service.WebhookService;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.error.DuplicateKeyName;
import dev.keyport.domain.error.WebhookNotFound;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.webhook.WebhookDelivery;
import dev.keyport.domain.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhooks on each store: lifecycle events reach the outbox with their change, and are delivered signed, with retries. */
public abstract class WebhookRules extends GraphSuite {
    private static final AdminCaller ADMIN = new AdminCaller("root", SessionId.generate(Instant.EPOCH, new Random(5)));

    private record Post(String url, Map<String, String> headers, String body) {}

    private final List<Post> posts = new ArrayList<>();
    private final List<Object> answers = new ArrayList<>();
    private static final int MAX_PENDING = 5;
    private final List<String> refusedUrls = new ArrayList<>();
    private TestClock clock;
    private DrivenPorts ports;
    private App useCases;
    private GraphSetup setup;
    private final List<String> warnings = new ArrayList<>();
    private WebhookService webhooks;

    /** A sealer that only marks what it sealed: enough to show the service opens what it sealed, per endpoint. */
    private static final SecretSealer SEALER = new SecretSealer() {
        @Override
        public byte[] seal(byte[] secret, String context) {
            return (context + "|" + new String(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] open(byte[] sealed, String context) {
            String text = new String(sealed, StandardCharsets.UTF_8);
            if (!text.startsWith(context + "|")) {
                throw new UnreadableSecret("wrong context");
            }
            return text.substring(context.length() + 1).getBytes(StandardCharsets.UTF_8);
        }
    };

    @BeforeEach
    void wire() {
        clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
        ports = freshPorts();
        WebhookSender sender = new WebhookSender() {
            @Override
            public int post(String url, Map<String, String> headers, String body) throws Unreachable {
                posts.add(new Post(url, headers, body));
                Object answer = answers.isEmpty() ? 204 : answers.remove(0);
                if (answer instanceof Runnable during) {
                    during.run();
                    return 204;
                }
                if (answer instanceof String error) {
                    throw new Unreachable(error);
                }
                return (Integer) answer;
            }

            @Override
            public Optional<String> refusal(String url) {
                return refusedUrls.contains(url)
                        ? Optional.of("must not point to a non-public address")
                        : Optional.empty();
            }
        };
        setup = GraphSetup.of(
                        ports,
                        clock,
                        new AdminAccountService.Settings("root", Optional.empty(), Duration.ofMinutes(30)))
                .withWebhooks(sender, SEALER, MAX_PENDING, Duration.ofSeconds(60), warnings::add);
        useCases = compose(setup);
        webhooks = useCases.webhooks();
    }

    @Test
    public void a_lifecycle_event_is_delivered_signed_and_retried_with_backoff_until_accepted() {
        String secret = webhooks.add(ADMIN, "https://hooks.example.org/keyport").secret();
        answers.addAll(List.of(500, 503));
        var key = useCases.serverKeys().create(new CreateServerApiKey.Command(ADMIN, new ApiKeyName("ci")));

        assertThat(webhooks.deliverDue()).isEqualTo(1);
        assertThat(webhooks.deliverDue()).as("backing off").isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(webhooks.deliverDue()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(19));
        assertThat(webhooks.deliverDue())
                .as("the second wait is twice the first")
                .isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(webhooks.deliverDue()).isEqualTo(1);
        assertThat(webhooks.deliverDue()).isZero();

        assertThat(posts).hasSize(3).allSatisfy(post -> {
            assertThat(post.headers()).containsEntry("Keyport-Event", "key.created");
            long t = Long.parseLong(post.headers().get(WebhookSignature.HEADER).replaceAll("^t=(\\d+),.*$", "$1"));
            assertThat(post.headers().get(WebhookSignature.HEADER))
                    .isEqualTo(WebhookSignature.header(secret.getBytes(StandardCharsets.UTF_8), t, post.body()));
            assertThat(post.body())
                    .contains("\"target\":\"key:" + key.key().id().value() + "\"");
        });
        assertThat(webhooks.deliveries(ADMIN, 10)).singleElement().satisfies(delivery -> {
            assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.DELIVERED);
            assertThat(delivery.attempts()).isEqualTo(3);
        });
    }

    @Test
    public void a_login_refused_for_a_disabled_key_is_announced_at_most_once_an_hour_per_key() {
        webhooks.add(ADMIN, "https://hooks.example.org/keyport");
        var key = useCases.serverKeys().create(new CreateServerApiKey.Command(ADMIN, new ApiKeyName("ci")));
        useCases.serverKeys().disable(new ServerApiKeyCommand(ADMIN, key.key().id()));
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> useCases.login()
                            .logIn(new dev.keyport.application.sessions.port.in.LogInWithApiKey.Command(
                                    key.secret().reveal(), dev.keyport.application.sessions.port.in.DeviceHint.none())))
                    .isInstanceOf(dev.keyport.domain.error.ApiKeyLoginRefused.class);
        }
        assertThatThrownBy(() -> useCases.login()
                        .logIn(new dev.keyport.application.sessions.port.in.LogInWithApiKey.Command(
                                "kpk_" + "A".repeat(43) + "000000",
                                dev.keyport.application.sessions.port.in.DeviceHint.none())))
                .as("an unknown key is not news")
                .isInstanceOf(dev.keyport.domain.error.ApiKeyLoginRefused.class);
        webhooks.deliverDue();
        assertThat(posts)
                .extracting(post -> post.headers().get("Keyport-Event"))
                .containsExactly("key.created", "key.disabled", "key.login_refused");
        clock.advance(Duration.ofHours(1));
        assertThatThrownBy(() -> useCases.login()
                        .logIn(new dev.keyport.application.sessions.port.in.LogInWithApiKey.Command(
                                key.secret().reveal(), dev.keyport.application.sessions.port.in.DeviceHint.none())))
                .isInstanceOf(dev.keyport.domain.error.ApiKeyLoginRefused.class);
        webhooks.deliverDue();
        assertThat(posts)
                .extracting(post -> post.headers().get("Keyport-Event"))
                .endsWith("key.login_refused", "key.login_refused");
    }

    @Test
    public void a_key_is_announced_once_as_expiring_within_the_notice_period_and_once_as_expired() {
        webhooks.add(ADMIN, "https://hooks.example.org/keyport");
        var notices = useCases.keyExpiryNotices();
        useCases.serverKeys()
                .create(new CreateServerApiKey.Command(
                        ADMIN, new ApiKeyName("month"), new dev.keyport.domain.apikey.RequestedExpiry.InDays(30)));
        useCases.serverKeys().create(new CreateServerApiKey.Command(ADMIN, new ApiKeyName("forever")));
        assertThat(notices.announce()).as("30 days away: not yet").isZero();

        clock.advance(Duration.ofDays(23));
        assertThat(notices.announce()).isEqualTo(1);
        assertThat(notices.announce()).as("once").isZero();
        clock.advance(Duration.ofDays(7));
        assertThat(notices.announce()).isEqualTo(1);
        assertThat(notices.announce()).isZero();
        webhooks.deliverDue();
        assertThat(posts)
                .extracting(post -> post.headers().get("Keyport-Event"))
                .containsExactly("key.created", "key.created", "key.expiring", "key.expired");
        assertThat(posts.get(3).body()).contains("\"actor\":\"schedule\"").contains("month");
    }

    @Test
    public void a_refused_change_announces_nothing_and_each_endpoint_gets_each_event() {
        webhooks.add(ADMIN, "https://a.example.org/hook");
        webhooks.add(ADMIN, "https://b.example.org/hook");
        var key = useCases.serverKeys().create(new CreateServerApiKey.Command(ADMIN, new ApiKeyName("ci")));
        assertThatThrownBy(
                        () -> useCases.serverKeys().create(new CreateServerApiKey.Command(ADMIN, new ApiKeyName("ci"))))
                .isInstanceOf(DuplicateKeyName.class);
        useCases.serverKeys().disable(new ServerApiKeyCommand(ADMIN, key.key().id()));
        webhooks.deliverDue();
        assertThat(posts)
                .extracting(post -> java.net.URI.create(post.url()).getHost() + " "
                        + post.headers().get("Keyport-Event"))
                .containsExactlyInAnyOrder(
                        "a.example.org key.created",
                        "b.example.org key.created",
                        "a.example.org key.disabled",
                        "b.example.org key.disabled");
        assertThatThrownBy(() -> webhooks.remove(ADMIN, "0123456789abcdef01234567"))
                .isInstanceOf(WebhookNotFound.class);
    }

    @Test
    public void webhooks_follow_typed_key_events_never_audit_text() {
        webhooks.add(ADMIN, "https://hooks.example.org/keyport");
        var key = useCases.serverKeys().create(new CreateServerApiKey.Command(ADMIN, new ApiKeyName("ci")));
        dev.keyport.domain.id.ApiKeyId id = key.key().id();
        ports.transactions().inTransaction(() -> {
            // audit entries that read like key events, but are not: no webhook
            useCases.events()
                    .record(new dev.keyport.domain.audit.AuditEvent(
                            clock.instant(),
                            ADMIN.actor(),
                            dev.keyport.domain.audit.AuditAction.KEY_DISABLED,
                            new dev.keyport.domain.audit.AuditTarget.Key(id),
                            "key is disabled"));
            // a key event whose audit text was reworded: still its webhook
            useCases.events()
                    .record(new dev.keyport.domain.apikey.KeyEvent.Disabled(
                            clock.instant(), ADMIN.actor(), id, "reworded: the key was switched off"));
            return null;
        });
        useCases.events()
                .record(new dev.keyport.domain.audit.AuditEvent(
                        clock.instant(),
                        dev.keyport.domain.audit.AuditActor.CLIENT,
                        dev.keyport.domain.audit.AuditAction.KEY_LOGIN_REFUSED,
                        new dev.keyport.domain.audit.AuditTarget.Key(id),
                        "key is disabled"));
        webhooks.deliverDue();
        assertThat(posts)
                .extracting(post -> post.headers().get("Keyport-Event"))
                .containsExactly("key.created", "key.disabled");
        assertThat(posts.get(1).body())
                .contains("\"detail\":\"reworded: the key was switched off\"")
                .contains("\"type\":\"key.disabled\"")
                .contains("\"target\":\"key:" + id.value() + "\"");
    }

    @Test
    public void a_user_looping_enable_and_disable_cannot_grow_the_outbox_past_the_bound() {
        String endpoint = webhooks.add(ADMIN, "https://hooks.example.org/keyport")
                .endpoint()
                .id();
        useCases.registration()
                .register(new dev.keyport.application.registration.port.in.RegisterUser.Command(
                        "ann@example.org", "secret-password"));
        var ann = useCases.login()
                .logIn(new dev.keyport.application.sessions.port.in.LogInWithPassword.Command(
                        "ann@example.org",
                        "secret-password",
                        dev.keyport.application.sessions.port.in.DeviceHint.none()));
        var key = useCases.userKeys()
                .create(new dev.keyport.application.userkeys.port.in.CreateUserApiKey.Command(
                        ann.session(), new ApiKeyName("phone")));
        var command = new dev.keyport.application.userkeys.port.in.UserApiKeyCommand(
                ann.session(), key.key().id());
        for (int i = 0; i < 20; i++) {
            useCases.userKeys().disable(command);
            useCases.userKeys().enable(command);
        }
        assertThat(webhooks.deliveries(ADMIN, 1000))
                .as("the bound holds")
                .hasSize(MAX_PENDING)
                .allSatisfy(delivery -> assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.PENDING));
        assertThat(useCases.droppedEvents())
                .as("every event beyond it is counted")
                .isEqualTo(41 - MAX_PENDING);
        assertThat(warnings)
                .as("and told once, naming the endpoint")
                .singleElement()
                .asString()
                .contains(endpoint);

        // once delivered, there is room again; finished deliveries are pruned after the retention period
        while (webhooks.deliverDue() > 0) {
            clock.advance(Duration.ofSeconds(1));
        }
        useCases.userKeys().disable(command);
        assertThat(webhooks.deliveries(ADMIN, 1000)).hasSize(MAX_PENDING + 1);
        clock.advance(Duration.ofDays(7));
        webhooks.deliverDue();
        assertThat(webhooks.pruneDone()).isEqualTo(MAX_PENDING);
        clock.advance(Duration.ofSeconds(10));
        assertThat(webhooks.pruneDone()).isEqualTo(1);
        assertThat(webhooks.deliveries(ADMIN, 1000)).isEmpty();
    }

    @Test
    public void a_lease_that_runs_out_mid_batch_is_not_acted_on_and_the_next_lease_holder_delivers() {
        webhooks.add(ADMIN, "https://hooks.example.org/keyport");
        useCases.serverKeys().create(new CreateServerApiKey.Command(ADMIN, new ApiKeyName("one")));
        useCases.serverKeys().create(new CreateServerApiKey.Command(ADMIN, new ApiKeyName("two")));
        WebhookService other = compose(setup.withWebhooks(
                        (url, headers, body) -> {
                            posts.add(new Post(url, headers, body));
                            return 204;
                        },
                        SEALER,
                        MAX_PENDING,
                        Duration.ofSeconds(60),
                        warning -> {}))
                .webhooks();
        // the first deliverer's first send stalls past its 60 s lease; meanwhile the other takes both over
        answers.add((Runnable) () -> {
            clock.advance(Duration.ofSeconds(61));
            assertThat(other.deliverDue()).isEqualTo(2);
        });
        assertThat(webhooks.deliverDue())
                .as("the second delivery of the batch is not sent: the lease ran out")
                .isEqualTo(1);
        assertThat(posts).hasSize(3);
        assertThat(webhooks.deliveries(ADMIN, 10)).hasSize(2).allSatisfy(delivery -> {
            assertThat(delivery.state()).isEqualTo(WebhookDelivery.State.DELIVERED);
            assertThat(delivery.attempts())
                    .as("the stalled one's late answer is not recorded")
                    .isEqualTo(1);
        });
    }

    @Test
    public void an_endpoint_that_gives_no_answer_costs_one_attempt_per_poll_and_the_others_are_delivered() {
        webhooks.add(ADMIN, "https://stalled.example.org/hook");
        webhooks.add(ADMIN, "https://fine.example.org/hook");
        for (int i = 0; i < 3; i++) {
            useCases.serverKeys().create(new CreateServerApiKey.Command(ADMIN, new ApiKeyName("k" + i)));
        }
        WebhookService deliverer = compose(setup.withWebhooks(
                        (url, headers, body) -> {
                            posts.add(new Post(url, headers, body));
                            if (url.contains("stalled")) {
                                throw new WebhookSender.Unreachable("no HTTP answer within the deadline");
                            }
                            return 204;
                        },
                        SEALER,
                        MAX_PENDING,
                        Duration.ofSeconds(60),
                        warning -> {}))
                .webhooks();
        assertThat(deliverer.deliverDue()).isEqualTo(4);
        assertThat(posts)
                .extracting(post -> java.net.URI.create(post.url()).getHost())
                .containsOnly("stalled.example.org", "fine.example.org")
                .filteredOn("stalled.example.org"::equals)
                .hasSize(1);
        assertThat(deliverer.deliveries(ADMIN, 10))
                .filteredOn(delivery -> delivery.state() == WebhookDelivery.State.DELIVERED)
                .hasSize(3);
        assertThat(deliverer.deliverDue())
                .as("the stalled endpoint's other deliveries were given back, due now")
                .isEqualTo(1);
    }

    @Test
    public void an_endpoint_the_sender_refuses_is_not_registered() {
        refusedUrls.add("http://169.254.169.254/latest/meta-data");
        assertThatThrownBy(() -> webhooks.add(ADMIN, "http://169.254.169.254/latest/meta-data"))
                .isInstanceOf(dev.keyport.domain.error.InvalidParameter.class)
                .hasMessageContaining("non-public");
        assertThat(webhooks.endpoints(ADMIN)).isEmpty();
    }

    /**
     * Refactor guard: payloads byte for byte as before the typed events (but the random event id), escaping included;
     * a key login and an admin's revocation of a user's sessions are audit entries only.
     */
    @Test
    public void payloads_read_as_before_and_key_logins_and_user_revocations_are_not_announced() {
        webhooks.add(ADMIN, "https://hooks.example.org/keyport");
        var key = useCases.serverKeys()
                .create(new CreateServerApiKey.Command(ADMIN, new ApiKeyName("ci \"q\" \\ \u2028 é")));
        String id = key.key().id().value();
        useCases.login()
                .logIn(new dev.keyport.application.sessions.port.in.LogInWithApiKey.Command(
                        key.secret().reveal(), dev.keyport.application.sessions.port.in.DeviceHint.none()));
        useCases.revocation()
                .revoke(new dev.keyport.application.sessions.port.in.RevokeUserSessions.Command(
                        ADMIN, key.key().ownerId()));
        useCases.serverKeys().disable(new ServerApiKeyCommand(ADMIN, key.key().id()));
        webhooks.deliverDue();
        String detail = "server key 'ci \\\"q\\\" \\\\ \\u2028 é'";
        assertThat(posts)
                .extracting(post -> post.body().replaceFirst("^\\{\"id\":\"[0-9a-f]{24}\",", "{\"id\":\"(random)\","))
                .containsExactly(
                        "{\"id\":\"(random)\",\"type\":\"key.created\",\"created_at\":\"2026-11-23T10:00:00Z\",\"data\":{\"target\":\"key:"
                                + id + "\",\"actor\":\"admin:root\",\"detail\":\"" + detail + "\"}}",
                        "{\"id\":\"(random)\",\"type\":\"key.disabled\",\"created_at\":\"2026-11-23T10:00:00Z\",\"data\":{\"target\":\"key:"
                                + id + "\",\"actor\":\"admin:root\",\"detail\":\"" + detail + "\"}}");
    }

    /** Issue 24: user lifecycle events are typed events too, announced in the change's transaction. */
    @Test
    public void disabling_enabling_and_deleting_a_user_are_announced() {
        webhooks.add(ADMIN, "https://hooks.example.org/keyport");
        useCases.registration()
                .register(new dev.keyport.application.registration.port.in.RegisterUser.Command(
                        "ann@example.org", "secret-password"));
        var ann = useCases.login()
                .logIn(new dev.keyport.application.sessions.port.in.LogInWithPassword.Command(
                        "ann@example.org",
                        "secret-password",
                        dev.keyport.application.sessions.port.in.DeviceHint.none()));
        var command = new dev.keyport.application.accounts.port.in.AdminUserCommand(
                ADMIN, ann.session().userId());
        useCases.accounts().disable(command);
        useCases.accounts().enable(command);
        useCases.accounts().delete(command);
        webhooks.deliverDue();
        assertThat(posts)
                .extracting(post -> post.headers().get("Keyport-Event"))
                .containsExactly("user.disabled", "user.enabled", "user.deleted");
        assertThat(posts.getLast().body())
                .contains("\"target\":\"user:" + ann.session().userId().value() + "\"", "\"actor\":\"admin:root\"");
    }
}
