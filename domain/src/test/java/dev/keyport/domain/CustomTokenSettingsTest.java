package dev.keyport.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.domain.customtoken.AcceptedToken;
import dev.keyport.domain.customtoken.CustomTokenRefusal;
import dev.keyport.domain.customtoken.CustomTokenSettings;
import dev.keyport.domain.customtoken.SigningAlgorithm;
import dev.keyport.domain.error.CustomTokenRefused;
import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.provider.MetadataField;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The custom-token provider's settings as App Services writes them, and the rules a verified token must pass. */
class CustomTokenSettingsTest {
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private static ProviderSetting setting(
            Map<String, Object> config, Map<String, Object> secrets, List<MetadataField> fields) {
        return new ProviderSetting(AuthProvider.CUSTOM_TOKEN, false, config, secrets, fields);
    }

    private static CustomTokenSettings rs256(List<String> audience, boolean any, List<MetadataField> fields) {
        return setting(
                        Map.of(
                                "useJWKURI",
                                true,
                                "jwkURI",
                                "https://idp.example.org/certs",
                                "audience",
                                audience,
                                "requireAnyAudience",
                                any),
                        Map.of(),
                        fields)
                .customToken();
    }

    private static Map<String, Object> claims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "https://idp.example.org");
        claims.put("sub", "ann");
        claims.put("aud", List.of("a", "b"));
        claims.put("exp", NOW.getEpochSecond() + 60);
        return claims;
    }

    private static CustomTokenRefusal refusal(CustomTokenSettings settings, Map<String, Object> claims) {
        try {
            settings.accept(claims, NOW);
        } catch (CustomTokenRefused refused) {
            return refused.reason();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void the_algorithm_follows_use_jwk_uri_when_not_given_and_each_needs_its_keys() {
        assertThat(rs256(List.of(), false, List.of()).algorithm()).isEqualTo(SigningAlgorithm.RS256);
        assertThat(setting(Map.of(), Map.of("signingKeys", List.of("k")), List.of())
                        .customToken()
                        .algorithm())
                .isEqualTo(SigningAlgorithm.HS256);
        assertThatThrownBy(() -> setting(Map.of("signingAlgorithm", "HS256"), Map.of(), List.of()))
                .isInstanceOf(InvalidParameter.class)
                .hasMessageContaining("signingKeys");
        assertThatThrownBy(() ->
                        setting(Map.of("signingAlgorithm", "RS256"), Map.of("signingKeys", List.of("pem")), List.of()))
                .isInstanceOf(InvalidParameter.class)
                .hasMessageContaining("useJWKURI");
        assertThatThrownBy(() -> setting(Map.of("useJWKURI", true), Map.of(), List.of()))
                .isInstanceOf(InvalidParameter.class)
                .hasMessageContaining("jwkURI");
        assertThatThrownBy(() -> setting(
                        Map.of("useJWKURI", true, "jwkURI", "https://user@idp.example.org/certs"), Map.of(), List.of()))
                .isInstanceOf(InvalidParameter.class)
                .hasMessageContaining("jwkURI");
        assertThatThrownBy(
                        () -> setting(Map.of("useJWKURI", true, "jwkURI", "file:///etc/passwd"), Map.of(), List.of()))
                .isInstanceOf(InvalidParameter.class);
        assertThatThrownBy(() ->
                        setting(Map.of("signingAlgorithm", "none"), Map.of("signingKeys", List.of("k")), List.of()))
                .isInstanceOf(InvalidParameter.class)
                .hasMessageContaining("HS256, RS256 or ES256");
        // a disabled provider may be incomplete: it is never used
        assertThat(new ProviderSetting(AuthProvider.CUSTOM_TOKEN, true, Map.of()).disabled())
                .isTrue();
        assertThat(ProviderSetting.enabledByDefault(AuthProvider.CUSTOM_TOKEN).disabled())
                .isTrue();
        assertThatThrownBy(() -> ProviderSetting.enabledByDefault(AuthProvider.CUSTOM_TOKEN)
                        .switchedTo(true))
                .isInstanceOf(InvalidParameter.class);
    }

    @Test
    void expiry_and_not_before_allow_sixty_seconds_of_clock_skew() {
        CustomTokenSettings settings = rs256(List.of(), false, List.of());
        Map<String, Object> claims = claims();
        claims.put("exp", NOW.getEpochSecond() - 60);
        assertThat(settings.accept(claims, NOW).subject()).isEqualTo("ann");
        claims.put("exp", NOW.getEpochSecond() - 61);
        assertThat(refusal(settings, claims)).isEqualTo(CustomTokenRefusal.EXPIRED);
        claims.remove("exp");
        assertThat(refusal(settings, claims)).isEqualTo(CustomTokenRefusal.MISSING_EXPIRY);
        claims.put("exp", NOW.getEpochSecond() + 600);
        claims.put("nbf", NOW.getEpochSecond() + 60);
        assertThat(settings.accept(claims, NOW)).isNotNull();
        claims.put("nbf", NOW.getEpochSecond() + 61);
        assertThat(refusal(settings, claims)).isEqualTo(CustomTokenRefusal.NOT_YET_VALID);
        claims.remove("nbf");
        claims.put("iat", NOW.getEpochSecond() + 3600);
        assertThat(refusal(settings, claims)).isEqualTo(CustomTokenRefusal.NOT_YET_VALID);
    }

    @Test
    void the_audience_needs_one_of_them_with_require_any_audience_and_all_of_them_without() {
        Map<String, Object> claims = claims(); // aud a, b
        assertThat(rs256(List.of("b", "c"), true, List.of()).accept(claims, NOW))
                .isNotNull();
        assertThat(refusal(rs256(List.of("b", "c"), false, List.of()), claims))
                .isEqualTo(CustomTokenRefusal.WRONG_AUDIENCE);
        assertThat(rs256(List.of("a", "b"), false, List.of()).accept(claims, NOW))
                .isNotNull();
        claims.put("aud", "c");
        assertThat(rs256(List.of("b", "c"), true, List.of()).accept(claims, NOW))
                .isNotNull();
        claims.remove("aud");
        assertThat(refusal(rs256(List.of("b"), true, List.of()), claims)).isEqualTo(CustomTokenRefusal.WRONG_AUDIENCE);
        assertThat(rs256(List.of(), true, List.of()).accept(claims, NOW))
                .as("no audience configured: none checked")
                .isNotNull();
    }

    @Test
    void the_subject_is_required_and_the_issuer_keys_the_user_with_it() {
        CustomTokenSettings settings = rs256(List.of(), false, List.of());
        Map<String, Object> claims = claims();
        AcceptedToken accepted = settings.accept(claims, NOW);
        assertThat(accepted.issuer()).isEqualTo("https://idp.example.org");
        claims.remove("iss");
        assertThat(settings.accept(claims, NOW).issuer()).isEmpty();
        claims.put("sub", " ");
        assertThat(refusal(settings, claims)).isEqualTo(CustomTokenRefusal.MISSING_SUBJECT);
        claims.put("sub", 42);
        assertThat(refusal(settings, claims)).isEqualTo(CustomTokenRefusal.MISSING_SUBJECT);
        claims.put("sub", "x".repeat(256));
        assertThat(refusal(settings, claims)).isEqualTo(CustomTokenRefusal.TOO_LARGE);
    }

    @Test
    void metadata_fields_follow_paths_into_nested_claims_and_required_ones_must_be_there() {
        CustomTokenSettings settings = rs256(
                List.of(),
                false,
                List.of(
                        new MetadataField(true, "user_data.email", "email"),
                        new MetadataField(false, "user_data.profile.team", null),
                        new MetadataField(false, "missing", "gone")));
        Map<String, Object> claims = claims();
        claims.put("user_data", Map.of("email", "ann@example.org", "profile", Map.of("team", List.of("blue", "red"))));
        assertThat(settings.accept(claims, NOW).data())
                .isEqualTo(Map.of("email", "ann@example.org", "team", List.of("blue", "red")));
        claims.put("user_data", Map.of("name", "Ann"));
        assertThat(refusal(settings, claims)).isEqualTo(CustomTokenRefusal.MISSING_METADATA);
        claims.put("user_data", Map.of("email", "x".repeat(20_000)));
        assertThat(refusal(settings, claims)).isEqualTo(CustomTokenRefusal.TOO_LARGE);
        assertThatThrownBy(() -> new MetadataField(false, "a..b", null)).isInstanceOf(InvalidParameter.class);
        assertThatThrownBy(() -> new MetadataField(false, "a", "$where")).isInstanceOf(InvalidParameter.class);
    }
}
