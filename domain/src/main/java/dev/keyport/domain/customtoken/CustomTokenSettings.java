package dev.keyport.domain.customtoken;

import dev.keyport.domain.error.CustomTokenRefused;
import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.provider.MetadataField;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code custom-token} provider's settings, read from the provider document App Services writes
 * ({@code config.signingAlgorithm}, {@code config.useJWKURI}, {@code config.jwkURI}, {@code config.audience},
 * {@code config.requireAnyAudience}, {@code secret_config.signingKeys}, {@code metadata_fields}), and the rules a
 * token whose signature checked out must still pass ({@link #accept}): expiry and not-before within
 * {@link #CLOCK_SKEW}, the audience, a subject, and the required metadata fields.
 */
public record CustomTokenSettings(
        SigningAlgorithm algorithm,
        Optional<String> jwkUri,
        List<String> signingKeyNames,
        List<String> audience,
        boolean requireAnyAudience,
        List<MetadataField> metadataFields) {
    /** How far the identity provider's clock may be from ours: a token is accepted until {@code exp} + this. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    /** Longest {@code sub} (and {@code iss}) kept. */
    public static final int MAX_ID_LENGTH = 255;

    public static final int MAX_ISSUER_LENGTH = 2048;
    /** Most characters the mapped metadata may hold in all (strings, keys and numbers counted). */
    public static final int MAX_DATA_SIZE = 16_384;

    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern URL = Pattern.compile("https?://[^\\s/?#@]+(/[^\\s#]*)?");

    public CustomTokenSettings {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(jwkUri, "jwkUri");
        signingKeyNames = List.copyOf(signingKeyNames);
        audience = List.copyOf(audience);
        metadataFields = List.copyOf(metadataFields);
        if (algorithm.symmetric()) {
            if (jwkUri.isPresent()) {
                throw new InvalidParameter(
                        "config", "HS256 checks tokens with shared signing keys: set useJWKURI to false");
            }
            if (signingKeyNames.isEmpty()) {
                throw new InvalidParameter("secret_config", "HS256 needs at least one name in signingKeys");
            }
        } else if (jwkUri.isEmpty()) {
            throw new InvalidParameter(
                    "config",
                    algorithm + " needs useJWKURI true and a jwkURI (public keys given as "
                            + "signing keys are not supported)");
        }
        jwkUri.ifPresent(uri -> {
            if (!URL.matcher(uri).matches() || uri.length() > 2048) {
                throw new InvalidParameter("config", "jwkURI must be an http or https URL without user info");
            }
        });
        for (String name : signingKeyNames) {
            if (!SECRET_NAME.matcher(name).matches()) {
                throw new InvalidParameter("secret_config", "signing key names are 1 to 64 letters, digits, _ or -");
            }
        }
        if (signingKeyNames.size() > 10 || audience.size() > 20 || metadataFields.size() > 50) {
            throw new InvalidParameter("config", "at most 10 signing keys, 20 audiences and 50 metadata fields");
        }
    }

    /**
     * The settings of a {@code custom-token} provider document.
     *
     * @throws InvalidParameter when a setting is missing or wrong; the message names it
     */
    public static CustomTokenSettings of(ProviderSetting setting) {
        if (setting.provider() != AuthProvider.CUSTOM_TOKEN) {
            throw new IllegalArgumentException("not the custom-token provider");
        }
        Map<String, Object> config = setting.config();
        boolean useJwkUri = bool(config, "useJWKURI");
        Optional<String> jwkUri = Optional.empty();
        if (useJwkUri) {
            if (!(config.get("jwkURI") instanceof String uri) || uri.isBlank()) {
                throw new InvalidParameter("config", "useJWKURI needs jwkURI, the URL of the identity provider's keys");
            }
            jwkUri = Optional.of(uri.strip());
        }
        Object algorithmName = config.get("signingAlgorithm");
        SigningAlgorithm algorithm;
        if (algorithmName == null) {
            algorithm = useJwkUri ? SigningAlgorithm.RS256 : SigningAlgorithm.HS256;
        } else if (algorithmName instanceof String name) {
            algorithm = SigningAlgorithm.named(name)
                    .orElseThrow(
                            () -> new InvalidParameter("config", "signingAlgorithm must be HS256, RS256 or ES256"));
        } else {
            throw new InvalidParameter("config", "signingAlgorithm must be a string");
        }
        return new CustomTokenSettings(
                algorithm,
                jwkUri,
                strings(setting.secretConfig(), "signingKeys", "secret_config"),
                strings(config, "audience", "config"),
                bool(config, "requireAnyAudience"),
                setting.metadataFields());
    }

    private static boolean bool(Map<String, Object> config, String key) {
        Object value = config.getOrDefault(key, Boolean.FALSE);
        if (!(value instanceof Boolean flag)) {
            throw new InvalidParameter("config", key + " must be true or false");
        }
        return flag;
    }

    /** A string or an array of strings (App Services wrote {@code audience} both ways). */
    private static List<String> strings(Map<String, Object> map, String key, String parameter) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof String single) {
            return single.isEmpty() ? List.of() : List.of(single);
        }
        if (value instanceof Collection<?> many) {
            List<String> result = new ArrayList<>();
            for (Object item : many) {
                if (!(item instanceof String text) || text.isEmpty()) {
                    throw new InvalidParameter(parameter, key + " must hold non-empty strings");
                }
                result.add(text);
            }
            return result;
        }
        throw new InvalidParameter(parameter, key + " must be a string or an array of strings");
    }

    /**
     * The rules after the signature: {@code exp} present and not passed, {@code nbf} and {@code iat} not in the
     * future (each within {@link #CLOCK_SKEW}), the audience when one is configured (any one of them with
     * {@code requireAnyAudience}, else all), a {@code sub}, and every required metadata field.
     *
     * @param claims the verified token's claims, dates as seconds since the epoch
     * @throws CustomTokenRefused naming the first rule broken
     */
    public AcceptedToken accept(Map<String, Object> claims, Instant now) {
        Object exp = claims.get("exp");
        if (!(exp instanceof Number expiry)) {
            throw new CustomTokenRefused(CustomTokenRefusal.MISSING_EXPIRY);
        }
        if (now.isAfter(Instant.ofEpochSecond(expiry.longValue()).plus(CLOCK_SKEW))) {
            throw new CustomTokenRefused(CustomTokenRefusal.EXPIRED);
        }
        for (String claim : List.of("nbf", "iat")) {
            if (claims.get(claim) instanceof Number notBefore
                    && now.plus(CLOCK_SKEW).isBefore(Instant.ofEpochSecond(notBefore.longValue()))) {
                throw new CustomTokenRefused(CustomTokenRefusal.NOT_YET_VALID, claim);
            }
        }
        if (!audience.isEmpty()) {
            List<String> offered = switch (claims.get("aud")) {
                case String single -> List.of(single);
                case Collection<?> many ->
                    many.stream()
                            .filter(String.class::isInstance)
                            .map(String.class::cast)
                            .toList();
                case null, default -> List.of();
            };
            boolean matches =
                    requireAnyAudience ? audience.stream().anyMatch(offered::contains) : offered.containsAll(audience);
            if (!matches) {
                throw new CustomTokenRefused(CustomTokenRefusal.WRONG_AUDIENCE);
            }
        }
        if (!(claims.get("sub") instanceof String subject) || subject.isBlank()) {
            throw new CustomTokenRefused(CustomTokenRefusal.MISSING_SUBJECT);
        }
        String issuer = claims.get("iss") instanceof String iss ? iss : "";
        if (subject.length() > MAX_ID_LENGTH || issuer.length() > MAX_ISSUER_LENGTH) {
            throw new CustomTokenRefused(CustomTokenRefusal.TOO_LARGE, "sub or iss");
        }
        // PostgreSQL text and jsonb cannot hold U+0000 and write an unpaired surrogate as '?': a subject that differed
        // only there would become another user's subject, and a NUL would fail the write (a 500)
        if (!keepable(subject) || !keepable(issuer)) {
            throw new CustomTokenRefused(CustomTokenRefusal.UNREADABLE_TEXT, "sub or iss");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        for (MetadataField field : metadataFields) {
            Optional<Object> value = field.valueIn(claims);
            if (value.isPresent()) {
                data.put(field.fieldName(), value.get());
            } else if (field.required()) {
                throw new CustomTokenRefused(CustomTokenRefusal.MISSING_METADATA, field.name());
            }
        }
        if (size(data) > MAX_DATA_SIZE) {
            throw new CustomTokenRefused(CustomTokenRefusal.TOO_LARGE, "metadata");
        }
        if (!keepableEverywhere(data)) {
            throw new CustomTokenRefused(CustomTokenRefusal.UNREADABLE_TEXT, "metadata");
        }
        return new AcceptedToken(issuer, subject, data);
    }

    /** Text every store keeps exactly as given: no U+0000 and no unpaired surrogate. */
    static boolean keepable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@link #keepable} for every key and every string value, at any depth. */
    private static boolean keepableEverywhere(Object value) {
        return switch (value) {
            case Map<?, ?> map ->
                map.entrySet().stream()
                        .allMatch(entry ->
                                keepable(String.valueOf(entry.getKey())) && keepableEverywhere(entry.getValue()));
            case Collection<?> list -> list.stream().allMatch(CustomTokenSettings::keepableEverywhere);
            case String text -> keepable(text);
            case null, default -> true;
        };
    }

    private static long size(Object value) {
        return switch (value) {
            case Map<?, ?> map ->
                map.entrySet().stream()
                                .mapToLong(
                                        entry -> String.valueOf(entry.getKey()).length() + size(entry.getValue()) + 2)
                                .sum()
                        + 2;
            case Collection<?> list ->
                list.stream().mapToLong(CustomTokenSettings::size).sum() + 2;
            case null -> 4;
            default -> String.valueOf(value).length() + 2;
        };
    }
}
