package dev.keyport.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.customtoken.port.in.LinkCustomToken;
import dev.keyport.application.customtoken.port.in.LogInWithCustomToken;
import dev.keyport.application.providers.port.in.ApplyAppConfiguration;
import dev.keyport.application.providers.port.in.ConfigureAuthProvider;
import dev.keyport.application.sessions.port.in.DeviceHint;
import dev.keyport.application.sessions.port.in.LogInAnonymously;
import dev.keyport.application.sessions.port.in.OpenedSession;
import dev.keyport.application.userkeys.port.in.CreateUserApiKey;
import dev.keyport.domain.apikey.ApiKeyName;
import dev.keyport.domain.apikey.RequestedExpiry;
import dev.keyport.domain.error.CustomTokenRefused;
import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.error.OwnerCannotHoldKeys;
import dev.keyport.domain.error.ProviderDisabled;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.provider.MetadataField;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.user.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code custom-token} use cases after the signature (the JOSE adapter is tested against real signatures in
 * bootstrap): run on the in-memory store and on PostgreSQL, like every rule suite.
 */
public abstract class CustomTokenRules extends GraphSuite {
    private static final AdminCaller ADMIN = new AdminCaller("root", SessionId.generate(Instant.EPOCH, new Random(7)));
    private static final String ISSUER = "https://idp.example.org";

    private TestClock clock;
    private App app;
    private final TrustingSignatures signatures = new TrustingSignatures();

    @BeforeEach
    void configured() {
        clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
        app = compose(GraphSetup.of(
                        freshPorts(),
                        clock,
                        new AdminAccountService.Settings("root", Optional.empty(), Duration.ofMinutes(30)))
                .withCustomTokenSignatures(signatures));
        app.useCases()
                .providers()
                .configure(new ConfigureAuthProvider.Command(
                        ADMIN,
                        new ProviderSetting(
                                AuthProvider.CUSTOM_TOKEN,
                                false,
                                Map.of(
                                        "signingAlgorithm",
                                        "RS256",
                                        "useJWKURI",
                                        true,
                                        "jwkURI",
                                        "https://idp.example.org/certs",
                                        "audience",
                                        List.of("app")),
                                Map.of(),
                                List.of(
                                        new MetadataField(true, "email", "email"),
                                        new MetadataField(false, "profile.team", null))),
                        Map.of()));
    }

    private Map<String, Object> claims(String subject, String email) {
        long now = clock.instant().getEpochSecond();
        return Map.of(
                "iss",
                ISSUER,
                "sub",
                subject,
                "aud",
                "app",
                "exp",
                now + 300,
                "iat",
                now,
                "email",
                email,
                "profile",
                Map.of("team", "blue"));
    }

    private OpenedSession logIn(Map<String, Object> claims) {
        String token = signatures.accept("token-" + System.nanoTime(), claims);
        return app.useCases().customTokens().logIn(new LogInWithCustomToken.Command(token, DeviceHint.none()));
    }

    @Test
    void one_user_per_issuer_and_subject_with_the_metadata_of_the_last_login() {
        OpenedSession first = logIn(claims("ann", "ann@example.org"));
        OpenedSession second = logIn(claims("ann", "ann@new.example.org"));
        OpenedSession other = logIn(claims("bob", "bob@example.org"));

        assertThat(second.session().userId()).isEqualTo(first.session().userId());
        assertThat(other.session().userId()).isNotEqualTo(first.session().userId());
        User ann = app.ports().users().find(first.session().userId()).orElseThrow();
        assertThat(ann.data()).containsEntry("email", "ann@new.example.org").containsEntry("team", "blue");
        assertThat(ann.identities()).singleElement().satisfies(identity -> {
            assertThat(identity.provider()).isEqualTo(AuthProvider.CUSTOM_TOKEN);
            assertThat(identity.providerUserId()).isEqualTo("ann");
        });
        assertThat(ann.isAnonymous()).isFalse();
        // such a user may own keys
        assertThat(app.useCases()
                        .userKeys()
                        .create(new CreateUserApiKey.Command(
                                second.session(), new ApiKeyName("phone"), RequestedExpiry.NONE))
                        .key()
                        .ownerId())
                .isEqualTo(ann.id());
    }

    @Test
    void a_token_the_rules_refuse_creates_nobody() {
        Map<String, Object> claims = new java.util.HashMap<>(claims("carl", "carl@example.org"));
        claims.remove("email");
        assertThatThrownBy(() -> logIn(claims))
                .isInstanceOf(CustomTokenRefused.class)
                .hasMessageContaining("email");
        claims.put("email", "carl@example.org");
        claims.put("exp", clock.instant().minusSeconds(61).getEpochSecond());
        assertThatThrownBy(() -> logIn(claims))
                .isInstanceOf(CustomTokenRefused.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> app.useCases()
                        .customTokens()
                        .logIn(new LogInWithCustomToken.Command("forged", DeviceHint.none())))
                .isInstanceOf(CustomTokenRefused.class)
                .hasMessageContaining("signature");
        assertThat(app.ports()
                        .externalIdentities()
                        .findUser(new dev.keyport.domain.user.Identity.External(
                                AuthProvider.CUSTOM_TOKEN, ISSUER, "carl")))
                .isEmpty();
    }

    @Test
    void concurrent_first_logins_of_one_subject_make_one_user() throws Exception {
        int logins = 8;
        ExecutorService pool = Executors.newFixedThreadPool(logins);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<OpenedSession>> results = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
            String token = signatures.accept("race-" + i, claims("dora", "dora@example.org"));
            results.add(pool.submit(() -> {
                start.await();
                return app.useCases().customTokens().logIn(new LogInWithCustomToken.Command(token, DeviceHint.none()));
            }));
        }
        start.countDown();
        Set<Object> users = ConcurrentHashMap.newKeySet();
        for (Future<OpenedSession> result : results) {
            users.add(result.get().session().userId());
        }
        pool.shutdown();
        assertThat(users).hasSize(1);
    }

    @Test
    void an_anonymous_user_links_a_custom_token_identity_and_may_then_own_keys_but_not_someone_elses_identity() {
        OpenedSession anonymous = app.useCases().login().logIn(new LogInAnonymously.Command(DeviceHint.none()));
        assertThatThrownBy(() -> app.useCases()
                        .userKeys()
                        .create(new CreateUserApiKey.Command(
                                anonymous.session(), new ApiKeyName("k"), RequestedExpiry.NONE)))
                .isInstanceOf(OwnerCannotHoldKeys.class);

        String token = signatures.accept("link-eve", claims("eve", "eve@example.org"));
        // as the link route asks: through the accounts' link, which checks who may link, then the provider's token
        // check
        app.useCases()
                .accounts()
                .link(new dev.keyport.application.accounts.port.in.LinkCredentials.Command(
                        anonymous.session(),
                        new dev.keyport.application.accounts.port.in.LinkCredentials.CustomToken(token)));
        User linked = app.ports().users().find(anonymous.session().userId()).orElseThrow();

        assertThat(linked.id()).isEqualTo(anonymous.session().userId());
        assertThat(linked.identities())
                .extracting(identity -> identity.provider())
                .containsExactly(AuthProvider.ANON_USER, AuthProvider.CUSTOM_TOKEN);
        assertThat(linked.data()).containsEntry("email", "eve@example.org");
        assertThat(app.useCases()
                        .userKeys()
                        .create(new CreateUserApiKey.Command(
                                anonymous.session(), new ApiKeyName("k"), RequestedExpiry.NONE))
                        .key()
                        .ownerId())
                .isEqualTo(linked.id());
        // a later login with that identity is the linked user
        assertThat(logIn(claims("eve", "eve@example.org")).session().userId()).isEqualTo(linked.id());

        OpenedSession someoneElse = app.useCases().login().logIn(new LogInAnonymously.Command(DeviceHint.none()));
        String same = signatures.accept("link-eve-again", claims("eve", "eve@example.org"));
        assertThatThrownBy(() ->
                        app.useCases().customTokens().link(new LinkCustomToken.Command(someoneElse.session(), same)))
                .isInstanceOf(dev.keyport.domain.error.CredentialsCannotBeLinked.class);
        assertThatThrownBy(() -> app.useCases()
                        .accounts()
                        .link(new dev.keyport.application.accounts.port.in.LinkCredentials.Command(
                                someoneElse.session(),
                                new dev.keyport.application.accounts.port.in.LinkCredentials.CustomToken(same))))
                .isInstanceOf(dev.keyport.domain.error.CredentialsCannotBeLinked.class);
        assertThat(app.ports()
                        .users()
                        .find(someoneElse.session().userId())
                        .orElseThrow()
                        .isAnonymous())
                .isTrue();
    }

    @Test
    void hs256_needs_a_value_for_every_signing_key_it_names_and_a_disabled_provider_refuses() {
        ProviderSetting hs256 = new ProviderSetting(
                AuthProvider.CUSTOM_TOKEN,
                false,
                Map.of("signingAlgorithm", "HS256"),
                Map.of("signingKeys", List.of("k1")),
                List.of());
        assertThatThrownBy(() ->
                        app.useCases().providers().apply(new ApplyAppConfiguration.Command("dir", List.of(hs256))))
                .isInstanceOf(InvalidParameter.class)
                .hasMessageContaining("k1");
        assertThatThrownBy(() -> app.useCases()
                        .providers()
                        .apply(new ApplyAppConfiguration.Command("dir", List.of(hs256), Map.of("k1", "too short"))))
                .isInstanceOf(InvalidParameter.class)
                .hasMessageContaining("32 bytes");
        app.useCases()
                .providers()
                .apply(new ApplyAppConfiguration.Command("dir", List.of(hs256), Map.of("k1", "x".repeat(32))));
        assertThat(app.ports().providerSecrets().find("k1"))
                .get()
                .satisfies(stored -> assertThat(new String(stored)).doesNotContain("x".repeat(32)));
        // once stored, a later start may leave the value out
        app.useCases().providers().apply(new ApplyAppConfiguration.Command("dir", List.of(hs256)));

        app.useCases().providers().apply(new ApplyAppConfiguration.Command("dir", List.of(hs256.switchedTo(false))));
        assertThatThrownBy(() -> logIn(claims("fay", "fay@example.org"))).isInstanceOf(ProviderDisabled.class);
    }
}
