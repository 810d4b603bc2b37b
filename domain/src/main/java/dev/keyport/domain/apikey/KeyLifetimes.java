package dev.keyport.domain.apikey;

import dev.keyport.domain.error.InvalidParameter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The longest a new API key may live, per kind of key, and the expiry a new key gets. The limits are
 * settings of the {@code api-key} provider ({@value #USER_KEY_SETTING} and {@value #SERVER_KEY_SETTING}, in
 * days; absent means no limit), so an App Services app directory can set them and the admin API changes them.
 *
 * <p>A key asked for with an expiry within the limit gets that expiry; beyond the limit, or in the past, the
 * creation is refused. A key asked for without an expiry never expires, unless a limit applies: then it
 * expires at the limit, so that clients which know nothing of expiry (every App Services SDK) keep working.
 * Expiries are kept to the second.
 */
public record KeyLifetimes(
        Optional<Long> userKeyMaxDays, Optional<Long> serverKeyMaxDays, Optional<Long> rollGraceMaxHours) {
    public static final String USER_KEY_SETTING = "userKeyMaxLifetimeDays";
    public static final String SERVER_KEY_SETTING = "serverKeyMaxLifetimeDays";
    /** The longest grace period a roll may give the old value, in hours (0 to {@value #MAX_GRACE_HOURS}; default 24). */
    public static final String ROLL_GRACE_SETTING = "rollGraceMaxHours";

    public static final long DEFAULT_GRACE_HOURS = 24;
    public static final long MAX_GRACE_HOURS = 8_760;
    /** A hundred years: far enough for anything meant, near enough for every date type on the way. */
    public static final long MAX_DAYS = 36_500;

    public enum Kind {
        USER("user keys"),
        SERVER("server keys");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    public KeyLifetimes {
        userKeyMaxDays.ifPresent(days -> requireDays(USER_KEY_SETTING, days));
        serverKeyMaxDays.ifPresent(days -> requireDays(SERVER_KEY_SETTING, days));
        rollGraceMaxHours.ifPresent(hours -> requireInRange(ROLL_GRACE_SETTING, hours, 0, MAX_GRACE_HOURS, "hours"));
    }

    public KeyLifetimes(Optional<Long> userKeyMaxDays, Optional<Long> serverKeyMaxDays) {
        this(userKeyMaxDays, serverKeyMaxDays, Optional.empty());
    }

    public static KeyLifetimes unlimited() {
        return new KeyLifetimes(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The longest grace period a roll may give: the setting, or 24 hours. */
    public Duration maxRollGrace() {
        return Duration.ofHours(rollGraceMaxHours.orElse(DEFAULT_GRACE_HOURS));
    }

    /**
     * Until when a rolled key's old value stays accepted, for a grace period asked for in whole seconds: none
     * for 0 (it stops now), else now + the grace. Negative, or longer than {@link #maxRollGrace()}: refused.
     */
    public Optional<Instant> graceUntil(long graceSeconds, Instant now) {
        long max = maxRollGrace().toSeconds();
        if (graceSeconds < 0 || graceSeconds > max) {
            throw new InvalidParameter(
                    "grace_period_seconds",
                    "must be from 0 to " + max + " (the longest grace period allowed, "
                            + maxRollGrace().toHours() + " hours)");
        }
        return graceSeconds == 0
                ? Optional.empty()
                : Optional.of(now.plusSeconds(graceSeconds).truncatedTo(ChronoUnit.SECONDS));
    }

    /** The limits in an {@code api-key} provider's settings; a setting that is not a whole number of days in range is refused. */
    public static KeyLifetimes of(Map<String, Object> providerConfig) {
        return new KeyLifetimes(
                days(providerConfig, USER_KEY_SETTING),
                days(providerConfig, SERVER_KEY_SETTING),
                graceHours(providerConfig));
    }

    /** The provider settings with these limits written in (an absent limit removes its setting). */
    public Map<String, Object> writtenInto(Map<String, Object> providerConfig) {
        Map<String, Object> config = new LinkedHashMap<>(providerConfig);
        config.remove(USER_KEY_SETTING);
        config.remove(SERVER_KEY_SETTING);
        config.remove(ROLL_GRACE_SETTING);
        userKeyMaxDays.ifPresent(days -> config.put(USER_KEY_SETTING, days));
        serverKeyMaxDays.ifPresent(days -> config.put(SERVER_KEY_SETTING, days));
        rollGraceMaxHours.ifPresent(hours -> config.put(ROLL_GRACE_SETTING, hours));
        return config;
    }

    public Optional<Long> maxDays(Kind kind) {
        return kind == Kind.USER ? userKeyMaxDays : serverKeyMaxDays;
    }

    /** The expiry of a key of this kind created now, or a refusal naming the request's field. */
    public Optional<Instant> expiryFor(Kind kind, RequestedExpiry requested, Instant now) {
        Optional<Instant> limit =
                maxDays(kind).map(days -> now.plus(Duration.ofDays(days)).truncatedTo(ChronoUnit.SECONDS));
        return switch (requested) {
            case RequestedExpiry.None none -> limit;
            case RequestedExpiry.At at ->
                Optional.of(within(kind, "expires_at", at.instant().truncatedTo(ChronoUnit.SECONDS), now, limit));
            case RequestedExpiry.InDays in -> {
                requireDays("expires_in_days", in.days());
                yield Optional.of(within(
                        kind,
                        "expires_in_days",
                        now.plus(Duration.ofDays(in.days())).truncatedTo(ChronoUnit.SECONDS),
                        now,
                        limit));
            }
        };
    }

    private Instant within(Kind kind, String field, Instant expiry, Instant now, Optional<Instant> limit) {
        if (!expiry.isAfter(now)) {
            throw new InvalidParameter(field, "must be in the future");
        }
        if (expiry.isAfter(now.plus(Duration.ofDays(MAX_DAYS)))) {
            throw new InvalidParameter(field, "must be within " + MAX_DAYS + " days");
        }
        if (limit.isPresent() && expiry.isAfter(limit.get())) {
            throw new InvalidParameter(
                    field,
                    "is beyond the longest lifetime allowed for " + kind.label + " ("
                            + maxDays(kind).orElseThrow() + " days)");
        }
        return expiry;
    }

    private static Optional<Long> days(Map<String, Object> config, String setting) {
        return wholeNumber(config, setting, 1, MAX_DAYS, "days");
    }

    private static Optional<Long> graceHours(Map<String, Object> config) {
        return wholeNumber(config, ROLL_GRACE_SETTING, 0, MAX_GRACE_HOURS, "hours");
    }

    /** A setting that, when present, must be a whole number from {@code min} to {@code max}. */
    private static Optional<Long> wholeNumber(
            Map<String, Object> config, String setting, long min, long max, String unit) {
        Object value = config.get(setting);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number number) {
            double amount = number.doubleValue();
            if (amount == Math.rint(amount) && amount >= min && amount <= max) {
                return Optional.of((long) amount);
            }
        }
        throw outOfRange(setting, min, max, unit);
    }

    private static long requireDays(String field, long days) {
        return requireInRange(field, days, 1, MAX_DAYS, "days");
    }

    private static long requireInRange(String field, long amount, long min, long max, String unit) {
        if (amount < min || amount > max) {
            throw outOfRange(field, min, max, unit);
        }
        return amount;
    }

    private static InvalidParameter outOfRange(String field, long min, long max, String unit) {
        return new InvalidParameter(field, "must be a whole number of " + unit + " from " + min + " to " + max);
    }
}
