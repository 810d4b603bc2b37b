package dev.keyport.application.signingkeys.service;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.application.shared.port.out.ServerSecrets;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.signingkeys.port.in.RotateTokenKey;
import dev.keyport.application.signingkeys.port.in.TokenKeys;
import dev.keyport.application.signingkeys.port.out.StoredTokenKey;
import dev.keyport.application.signingkeys.port.out.TokenKeySet;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.audit.AuditTarget;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC key set of refresh and admin tokens (ADR 0015).
 * <ul>
 *   <li>The newest key whose {@code signsFrom} has come signs. A rotation with overlap adds a key that
 *       signs after {@code reload} (so that every instance, which re-reads the set every {@code reload},
 *       knows it before a token carries it) and makes the previous key verify-only until that moment
 *       plus {@code overlap} (the longest life of a refresh or admin token, plus a minute of clock skew).</li>
 *   <li>An emergency rotation deletes every key and adds one that signs at once: every refresh and admin
 *       token issued before is refused here at once and on every other instance within {@code reload}.</li>
 *   <li>First start of this version on a database that a single-key Keyport served: the old key
 *       ({@code KEYPORT_JWT_SECRET} if set, as the previous version preferred it, else the one stored sealed
 *       or in the clear) enters the set as the legacy key,
 *       verify-only for {@code overlap} and matched by tokens without a {@code kid}; a fresh random key
 *       signs. The old storage of the key is removed.</li>
 *   <li>{@code KEYPORT_JWT_SECRET}, if set, seeds an empty set of a fresh database; otherwise it must be
 *       the current signing key (compared by an HMAC-derived fingerprint, in constant time), or the legacy
 *       key rotated away on upgrade (a warning then asks to remove it). Any other value stops the start.</li>
 * </ul>
 * The keys are sealed under {@code token-key:<kid>}; the store never holds one in the clear.
 */
public final class TokenKeyService implements TokenKeys, RotateTokenKey {
    public static final String LEGACY_KID = "legacy";
    static final String SEALED_NAME = "token-hmac-key.sealed";
    static final String CLEAR_NAME = "access-token-signing-key";
    static final String UPGRADED_MARKER = "token-keys.upgraded-database";
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    /** At most one extra read of the set per this interval for a token naming a kid this instance does not know. */
    static final Duration UNKNOWN_KID_RELOAD_GAP = Duration.ofSeconds(1);

    private static final int KEY_BYTES = 32;
    private static final Comparator<StoredTokenKey> BY_START = Comparator.comparing(StoredTokenKey::signsFrom)
            .thenComparing(StoredTokenKey::createdAt)
            .thenComparing(StoredTokenKey::kid);
    private static final byte[] FINGERPRINT_LABEL =
            "keyport token-key fingerprint v1".getBytes(StandardCharsets.US_ASCII);

    /**
     * @param configured the configured key ({@code KEYPORT_JWT_SECRET}), if any
     * @param overlap    how long an old key keeps verifying after the new one starts: the longest life of a
     *                   refresh or admin token (a minute of clock skew is added)
     * @param reload     how often the set is re-read from the store; the bound for other instances to see
     *                   a rotation, and the lead of a new key before it signs
     */
    public record Settings(Optional<byte[]> configured, Duration overlap, Duration reload) {
        public Settings {
            if (overlap.isNegative() || overlap.isZero() || reload.isNegative() || reload.isZero()) {
                throw new IllegalArgumentException("the overlap and the reload interval must be positive");
            }
            if (configured.isPresent() && configured.get().length < KEY_BYTES) {
                throw new IllegalArgumentException("KEYPORT_JWT_SECRET (keyport.jwt.secret) must be at least 256 bits "
                        + "(base64 of 32 random bytes)");
            }
            configured = configured.map(byte[]::clone);
        }

        @Override
        public Optional<byte[]> configured() {
            return configured.map(byte[]::clone);
        }

        @Override
        public String toString() {
            return "Settings[configured=" + (configured.isPresent() ? "hidden" : "none") + ", overlap=" + overlap
                    + ", reload=" + reload + "]";
        }
    }

    private record Key(StoredTokenKey stored, byte[] secret) {}

    private record Snapshot(List<Key> keys, Instant loadedAt, Instant validUntil) {}

    private final TokenKeySet set;
    private final ServerSecrets secrets;
    private final SecretSealer sealer;
    private final AuditTrail audit;
    private final Transactions transactions;
    private final Clock clock;
    private final RandomGenerator random;
    private final Settings settings;
    private final Optional<String> configurationWarning;
    private volatile Snapshot snapshot;

    public TokenKeyService(
            TokenKeySet set,
            ServerSecrets secrets,
            SecretSealer sealer,
            AuditTrail audit,
            Transactions transactions,
            Clock clock,
            RandomGenerator random,
            Settings settings) {
        this.set = set;
        this.secrets = secrets;
        this.sealer = sealer;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.random = random;
        this.settings = settings;
        transactions.inTransaction(() -> {
            set.lock();
            if (set.all().isEmpty()) {
                createSet();
            }
            return null;
        });
        this.configurationWarning = settings.configured().flatMap(this::checkConfigured);
    }

    /** A warning for the log about the configured key, if there is one to give. */
    public Optional<String> configurationWarning() {
        return configurationWarning;
    }

    /** Whether {@code KEYPORT_JWT_SECRET} is set. */
    public boolean configured() {
        return settings.configured().isPresent();
    }

    // ------------------------------------------------------------------------------ first start

    private void createSet() {
        Instant now = now();
        // the previous version signed with KEYPORT_JWT_SECRET when it was set, else with the stored key
        boolean upgraded = secrets.find(UPGRADED_MARKER).isPresent();
        Optional<byte[]> legacy = (upgraded ? settings.configured() : Optional.<byte[]>empty())
                .or(() -> secrets.find(SEALED_NAME).map(stored -> sealer.open(stored, SEALED_NAME)))
                .or(() -> secrets.find(CLEAR_NAME));
        if (legacy.isPresent()) {
            Instant until = now.plus(settings.overlap()).plus(CLOCK_SKEW);
            set.add(sealed(LEGACY_KID, legacy.get(), now, Instant.EPOCH, Optional.of(until), true));
            StoredTokenKey fresh = sealed(newKid(), randomKey(), now, now, Optional.empty(), false);
            set.add(fresh);
            audit.record(new AuditEvent(
                    now,
                    AuditActor.SCHEDULE,
                    AuditAction.TOKEN_HMAC_KEY_ROTATED,
                    new AuditTarget.TokenKey(fresh.kid()),
                    "upgrade: the key of the previous version (legacy) verifies " + "tokens without a kid until "
                            + until + "; " + fresh.kid() + " signs"));
            Arrays.fill(legacy.get(), (byte) 0);
        } else {
            byte[] first = settings.configured().orElseGet(this::randomKey);
            set.add(sealed(newKid(), first, now, now, Optional.empty(), false));
        }
        secrets.remove(SEALED_NAME);
        secrets.remove(CLEAR_NAME);
        secrets.remove(UPGRADED_MARKER);
    }

    private Optional<String> checkConfigured(byte[] configured) {
        List<Key> keys = current().keys();
        Key newest = keys.stream()
                .filter(key -> key.stored().verifyUntil().isEmpty())
                .findFirst()
                .orElse(keys.getLast());
        byte[] wanted = fingerprint(configured);
        if (MessageDigest.isEqual(wanted, fingerprint(newest.secret()))) {
            return Optional.empty();
        }
        boolean isLegacy = keys.stream()
                .anyMatch(key -> key.stored().legacy() && MessageDigest.isEqual(wanted, fingerprint(key.secret())));
        if (isLegacy) {
            return Optional.of(
                    "KEYPORT_JWT_SECRET (keyport.jwt.secret) is the key of the previous Keyport version, which "
                            + "this version rotated away on upgrade (it only verifies old tokens without a kid until they expire); "
                            + "remove the setting: the key set in the database is authoritative (docs/operations.md#token-keys)");
        }
        throw new IllegalStateException("KEYPORT_JWT_SECRET (keyport.jwt.secret) differs from the current signing key "
                + "of refresh and admin tokens (kid " + newest.stored().kid() + ") that the other instances on this "
                + "database use: this instance would not accept their tokens. Remove KEYPORT_JWT_SECRET (the key set in "
                + "the database is authoritative and rotates from the admin API) or set it to the same value as the "
                + "others (docs/operations.md#token-keys)");
    }

    // ------------------------------------------------------------------------------ use

    @Override
    public HmacKey signing() {
        Instant now = clock.instant();
        Snapshot current = current();
        Key signer = null;
        for (Key key : current.keys()) {
            if (!key.stored().signsFrom().isAfter(now) && !key.stored().legacy()) {
                signer = key;
            }
        }
        if (signer == null) {
            throw new IllegalStateException("no token key signs now");
        }
        return new HmacKey(signer.stored().kid(), signer.secret());
    }

    @Override
    public Optional<HmacKey> verifying(Optional<String> kid) {
        Optional<HmacKey> found = find(current(), kid);
        if (found.isEmpty() && kid.isPresent()) {
            // a key made on another instance since the last read: read again, at most once a second
            found = find(reloadedForUnknownKid(), kid);
        }
        return found;
    }

    /** Reads the set again unless that was done less than {@link #UNKNOWN_KID_RELOAD_GAP} ago. */
    private synchronized Snapshot reloadedForUnknownKid() {
        Snapshot current = snapshot;
        if (current != null && clock.instant().isBefore(current.loadedAt().plus(UNKNOWN_KID_RELOAD_GAP))) {
            return current;
        }
        return reload(true);
    }

    private Optional<HmacKey> find(Snapshot current, Optional<String> kid) {
        Instant now = clock.instant();
        for (Key key : current.keys()) {
            StoredTokenKey stored = key.stored();
            boolean named = kid.isPresent() ? !stored.legacy() && stored.kid().equals(kid.get()) : stored.legacy();
            if (named && stored.verifyUntil().map(now::isBefore).orElse(true)) {
                return Optional.of(new HmacKey(stored.kid(), key.secret()));
            }
        }
        return Optional.empty();
    }

    @Override
    public List<TokenKeyView> keys() {
        Instant now = clock.instant();
        List<Key> keys = current().keys();
        String signer = signing().kid();
        List<TokenKeyView> views = new ArrayList<>();
        for (Key key : keys) {
            StoredTokenKey stored = key.stored();
            if (stored.verifyUntil().map(until -> !now.isBefore(until)).orElse(false)) {
                continue;
            }
            State state = stored.kid().equals(signer)
                    ? State.SIGNING
                    : stored.signsFrom().isAfter(now) ? State.NEXT : State.VERIFY_ONLY;
            views.add(new TokenKeyView(
                    stored.kid(),
                    state,
                    stored.createdAt(),
                    stored.signsFrom(),
                    stored.verifyUntil(),
                    stored.legacy()));
        }
        return views;
    }

    @Override
    public TokenKeyView rotate(AdminCaller admin, boolean emergency) {
        StoredTokenKey added = transactions.inTransaction(() -> {
            set.lock();
            Instant now = now();
            List<StoredTokenKey> stored = set.all();
            StoredTokenKey fresh;
            String detail;
            if (emergency) {
                for (StoredTokenKey old : stored) {
                    set.remove(old.kid());
                }
                fresh = sealed(newKid(), randomKey(), now, now, Optional.empty(), false);
                detail = "emergency: signs at once; every other key deleted, their tokens refused (" + stored.size()
                        + " key(s): "
                        + String.join(
                                ", ", stored.stream().map(StoredTokenKey::kid).toList()) + ")";
            } else {
                Instant signsFrom = now.plus(settings.reload());
                Instant until = signsFrom.plus(settings.overlap()).plus(CLOCK_SKEW);
                for (StoredTokenKey old : stored) {
                    if (old.verifyUntil().map(end -> !now.isBefore(end)).orElse(false)) {
                        set.remove(old.kid()); // its tokens have all expired
                    } else if (old.verifyUntil().isEmpty()) {
                        set.verifyOnlyUntil(old.kid(), until);
                    }
                }
                fresh = sealed(newKid(), randomKey(), now, signsFrom, Optional.empty(), false);
                detail = "signs from " + signsFrom + "; the previous key verifies its tokens until " + until;
            }
            set.add(fresh);
            audit.record(new AuditEvent(
                    now,
                    admin.actor(),
                    AuditAction.TOKEN_HMAC_KEY_ROTATED,
                    new AuditTarget.TokenKey(fresh.kid()),
                    detail));
            return fresh;
        });
        reload(true);
        return keys().stream()
                .filter(key -> key.kid().equals(added.kid()))
                .findFirst()
                .orElseThrow();
    }

    // ------------------------------------------------------------------------------ the snapshot

    private Snapshot current() {
        Snapshot current = snapshot;
        if (current == null || !clock.instant().isBefore(current.validUntil())) {
            current = reload(false);
        }
        return current;
    }

    private synchronized Snapshot reload(boolean force) {
        Instant now = clock.instant();
        Snapshot current = snapshot;
        if (!force && current != null && now.isBefore(current.validUntil())) {
            return current;
        }
        List<StoredTokenKey> stored = new ArrayList<>(set.all());
        stored.sort(BY_START);
        List<Key> keys = new ArrayList<>();
        Instant validUntil = now.plus(settings.reload());
        for (StoredTokenKey key : stored) {
            keys.add(new Key(key, sealer.open(key.sealedKey(), context(key.kid()))));
            // the snapshot changes when a waiting key starts to sign
            if (key.signsFrom().isAfter(now) && key.signsFrom().isBefore(validUntil)) {
                validUntil = key.signsFrom();
            }
        }
        Snapshot fresh = new Snapshot(List.copyOf(keys), now, validUntil);
        snapshot = fresh;
        return fresh;
    }

    // ------------------------------------------------------------------------------ helpers

    /** Times to the millisecond, so that every store keeps them exactly. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private StoredTokenKey sealed(
            String kid,
            byte[] secret,
            Instant createdAt,
            Instant signsFrom,
            Optional<Instant> verifyUntil,
            boolean legacy) {
        return new StoredTokenKey(kid, sealer.seal(secret, context(kid)), createdAt, signsFrom, verifyUntil, legacy);
    }

    private byte[] randomKey() {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return key;
    }

    /** 16 random bytes, base64url: names the key, tells nothing about it. */
    private String newKid() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    private static String context(String kid) {
        return "token-key:" + kid;
    }

    /** HMAC-SHA256 of a fixed label under the key: equal for equal keys, and says nothing about the key. */
    static byte[] fingerprint(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(FINGERPRINT_LABEL);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
