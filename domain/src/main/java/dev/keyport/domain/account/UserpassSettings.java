package dev.keyport.domain.account;

import dev.keyport.domain.error.InvalidParameter;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code local-userpass} provider's settings, as App Services names them in
 * {@code auth_providers/local-userpass.json}'s {@code config} (ADR 0022): whether registrations are confirmed at
 * once ({@code autoConfirm}), and otherwise by mail ({@code emailConfirmationUrl}, {@code confirmEmailSubject}) or
 * by a custom confirmation ({@code runConfirmationFunction}, {@code confirmationFunctionName}); how a forgotten
 * password is reset ({@code resetPasswordUrl}, {@code resetPasswordSubject}, or {@code runResetFunction},
 * {@code resetFunctionName}). Keyport runs no JavaScript: a "function" is a signed HTTP callback to
 * {@code confirmationFunctionUrl} / {@code resetFunctionUrl} (Keyport's own settings, ignored by App Services).
 *
 * <p>Nothing configured keeps what Keyport always did: {@code autoConfirm} is true unless set to false. The values
 * go into mails, so a subject or URL with a control character (a CR or LF would inject mail headers) is refused,
 * and URLs must be absolute {@code http(s)} URLs without a fragment.
 */
public record UserpassSettings(
        boolean autoConfirm,
        Optional<String> emailConfirmationUrl,
        String confirmEmailSubject,
        boolean runConfirmationFunction,
        Optional<String> confirmationFunctionName,
        Optional<String> confirmationFunctionUrl,
        Optional<String> resetPasswordUrl,
        String resetPasswordSubject,
        boolean runResetFunction,
        Optional<String> resetFunctionName,
        Optional<String> resetFunctionUrl) {
    public static final String DEFAULT_CONFIRM_SUBJECT = "Confirm your email address";
    public static final String DEFAULT_RESET_SUBJECT = "Reset your password";
    private static final int MAX_SUBJECT = 200;
    private static final int MAX_URL = 2000;
    /** scheme, a host name or an IP literal, an optional port, then an optional path and query; no {@code @}, no {@code #}. */
    private static final Pattern URL = Pattern.compile(
            "(?i)https?://([a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\\[[0-9a-f:.]+])(:[0-9]{1,5})?"
                    + "([/?][^#@]*)?");

    public UserpassSettings {
        if (!autoConfirm && !runConfirmationFunction && emailConfirmationUrl.isEmpty()) {
            throw new InvalidParameter(
                    "emailConfirmationUrl",
                    "is required when autoConfirm is false and runConfirmationFunction is not true");
        }
        if (runConfirmationFunction && confirmationFunctionUrl.isEmpty()) {
            throw new InvalidParameter(
                    "confirmationFunctionUrl",
                    "is required when runConfirmationFunction is true "
                            + "(Keyport calls this URL instead of running a function)");
        }
        if (runResetFunction && resetFunctionUrl.isEmpty()) {
            throw new InvalidParameter(
                    "resetFunctionUrl",
                    "is required when runResetFunction is true "
                            + "(Keyport calls this URL instead of running a function)");
        }
    }

    /** What an unconfigured provider does: confirms at once, no reset link (a reset mail then carries only the token). */
    public static UserpassSettings defaults() {
        return of(Map.of());
    }

    /** Reads the provider's {@code config}; unknown settings are kept by the provider but not read. */
    public static UserpassSettings of(Map<String, Object> config) {
        return new UserpassSettings(
                bool(config, "autoConfirm", true),
                url(config, "emailConfirmationUrl"),
                subject(config, "confirmEmailSubject", DEFAULT_CONFIRM_SUBJECT),
                bool(config, "runConfirmationFunction", false),
                name(config, "confirmationFunctionName"),
                url(config, "confirmationFunctionUrl"),
                url(config, "resetPasswordUrl"),
                subject(config, "resetPasswordSubject", DEFAULT_RESET_SUBJECT),
                bool(config, "runResetFunction", false),
                name(config, "resetFunctionName"),
                url(config, "resetFunctionUrl"));
    }

    /** The link of a mail: the configured URL with {@code token} and {@code tokenId} added as query parameters. */
    public static String link(String url, String token, String tokenId) {
        return url + (url.contains("?") ? "&" : "?") + "token=" + token + "&tokenId=" + tokenId;
    }

    private static boolean bool(Map<String, Object> config, String name, boolean absent) {
        Object value = config.get(name);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Boolean flag)) {
            throw new InvalidParameter(name, "must be true or false");
        }
        return flag;
    }

    private static Optional<String> text(Map<String, Object> config, String name) {
        Object value = config.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw new InvalidParameter(name, "must be a string");
        }
        if (text.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidParameter(name, "must not contain control characters (CR, LF, tab...)");
        }
        return Optional.of(text.strip()).filter(t -> !t.isEmpty());
    }

    private static String subject(Map<String, Object> config, String name, String absent) {
        Optional<String> subject = text(config, name);
        if (subject.isPresent() && subject.get().length() > MAX_SUBJECT) {
            throw new InvalidParameter(name, "must be at most " + MAX_SUBJECT + " characters");
        }
        return subject.orElse(absent);
    }

    private static Optional<String> name(Map<String, Object> config, String name) {
        Optional<String> value = text(config, name);
        if (value.isPresent() && value.get().length() > 100) {
            throw new InvalidParameter(name, "must be at most 100 characters");
        }
        return value;
    }

    private static Optional<String> url(Map<String, Object> config, String name) {
        Optional<String> value = text(config, name);
        if (value.isEmpty()) {
            return value;
        }
        String url = value.get();
        if (url.length() > MAX_URL
                || url.codePoints()
                        .anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '<' || c == '>' || c == '\\')) {
            throw new InvalidParameter(name, "must be an absolute http or https URL without spaces or quotes");
        }
        if (!URL.matcher(url).matches()) {
            throw new InvalidParameter(
                    name,
                    "must be an absolute http or https URL with a host, no user " + "information and no fragment");
        }
        return value;
    }
}
