package dev.keyport.application.signingkeys.service;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.signingkeys.port.in.AccessTokenKeyRing;
import dev.keyport.application.signingkeys.port.in.AccessTokenKeys;
import dev.keyport.application.signingkeys.port.in.RotateAccessTokenKey;
import dev.keyport.application.signingkeys.port.out.SigningKeyPairs;
import dev.keyport.application.signingkeys.port.out.StoredKeyPair;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.audit.AuditTarget;
import dev.keyport.domain.error.SigningKeyNotFound;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The ES256 keys that sign access tokens, and their life (ADR 0011):
 * <ol>
 *   <li>a new key is <b>published</b> as soon as it is made, and <b>signs</b> only after the publish
 *       lead, so that resource servers, which cache the JWKS, and the other Keyport instances, which
 *       re-read the keys every {@code reload} interval, know it before any token carries it;</li>
 *   <li>a key stops signing when the next one starts, and stays published until the last access token it
 *       signed has expired (its successor's start + the access-token lifetime + a minute of clock skew);
 *       then it is forgotten.</li>
 * </ol>
 * The newest key whose start has come signs; every instance reads the same stored keys, so they agree.
 * The private keys are stored sealed ({@link SecretSealer}) and only opened here. The {@code kid} is the
 * key's RFC 7638 JWK thumbprint. Keys are made and parsed by one JCA provider, given by the caller (ADR 0020),
 * so that a native provider signs with keys of its own kind instead of converting a JDK key per token.
 */
public final class AccessTokenKeyService implements AccessTokenKeys, RotateAccessTokenKey {
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Comparator<StoredKeyPair> BY_START =
            Comparator.comparing(StoredKeyPair::signsFrom).thenComparing(StoredKeyPair::kid);

    /**
     * @param rotationPeriod      how long a key signs before the schedule replaces it
     * @param publishLead         how long a new key is published before it signs
     * @param accessTokenLifetime how long an access token lives, so how long a retired key stays published
     * @param reload              how often the keys are re-read from the store
     */
    public record Settings(
            Duration rotationPeriod, Duration publishLead, Duration accessTokenLifetime, Duration reload) {
        public Settings {
            for (Duration d : List.of(rotationPeriod, accessTokenLifetime, reload)) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException(
                            "rotation period, access-token lifetime and reload interval must be positive");
                }
            }
            if (publishLead.isNegative()) {
                throw new IllegalArgumentException("the publish lead cannot be negative");
            }
            if (rotationPeriod.compareTo(publishLead) <= 0) {
                throw new IllegalArgumentException("the rotation period must be longer than the publish lead");
            }
        }
    }

    private final SigningKeyPairs pairs;
    private final SecretSealer sealer;
    private final AuditTrail audit;
    private final Transactions transactions;
    private final Clock clock;
    private final Settings settings;
    private final Provider provider;
    private volatile Snapshot snapshot;

    private record Snapshot(AccessTokenKeyRing ring, Instant validUntil, Instant loadedAt) {}

    /** At most one extra read of the keys per this interval for a token naming a kid this instance does not know. */
    static final Duration UNKNOWN_KID_RELOAD_GAP = Duration.ofSeconds(1);

    /** Keys made and parsed by the JDK's own EC provider. */
    public AccessTokenKeyService(
            SigningKeyPairs pairs,
            SecretSealer sealer,
            AuditTrail audit,
            Transactions transactions,
            Clock clock,
            Settings settings) {
        this(pairs, sealer, audit, transactions, clock, settings, null);
    }

    /**
     * @param provider the JCA provider that makes and parses the P-256 keys ({@code EC} key pair generator and
     *                 key factory), the one that will sign with them; {@code null} for the JDK's choice
     */
    public AccessTokenKeyService(
            SigningKeyPairs pairs,
            SecretSealer sealer,
            AuditTrail audit,
            Transactions transactions,
            Clock clock,
            Settings settings,
            Provider provider) {
        this.provider = provider;
        this.pairs = pairs;
        this.sealer = sealer;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public AccessTokenKeyRing ring() {
        Snapshot current = snapshot;
        if (current == null || !clock.instant().isBefore(current.validUntil())) {
            current = reload();
        }
        return current.ring();
    }

    @Override
    public Optional<AccessTokenKeyRing.Published> published(String kid) {
        Optional<AccessTokenKeyRing.Published> found = ring().find(kid);
        return found.isPresent() || kid == null
                ? found
                : reloadedForUnknownKid().ring().find(kid);
    }

    /** Reads the keys again unless that was done less than {@link #UNKNOWN_KID_RELOAD_GAP} ago. */
    private synchronized Snapshot reloadedForUnknownKid() {
        Snapshot current = snapshot;
        if (current != null && clock.instant().isBefore(current.loadedAt().plus(UNKNOWN_KID_RELOAD_GAP))) {
            return current;
        }
        snapshot = null;
        return reload();
    }

    @Override
    public AccessTokenKeyRing.Published rotate(AdminCaller admin) {
        return addKey(admin.actor(), clock.instant().plus(settings.publishLead()));
    }

    @Override
    public Optional<AccessTokenKeyRing.Published> rotateIfDue() {
        Instant now = clock.instant();
        List<StoredKeyPair> stored = sorted(pairs.all());
        List<Life> lives = lives(stored, now);
        for (Life life : lives) {
            if (life.state() == null) {
                pairs.remove(life.pair().kid());
            }
        }
        boolean waiting = lives.stream().anyMatch(life -> life.state() == AccessTokenKeyRing.State.NEXT);
        Optional<Life> signing = lives.stream()
                .filter(life -> life.state() == AccessTokenKeyRing.State.SIGNING)
                .findFirst();
        snapshot = null;
        if (waiting
                || signing.isEmpty()
                || now.isBefore(signing.get().pair().signsFrom().plus(settings.rotationPeriod()))) {
            return Optional.empty();
        }
        return Optional.of(addKey(AuditActor.SCHEDULE, now.plus(settings.publishLead())));
    }

    @Override
    public AccessTokenKeyRing.Published revoke(AdminCaller admin, String kid) {
        String signer = transactions.inTransaction(() -> {
            Instant now = clock.instant();
            List<Life> lives = lives(sorted(pairs.all()), now);
            Life revoked = lives.stream()
                    .filter(life -> life.state() != null && life.pair().kid().equals(kid))
                    .findFirst()
                    .orElseThrow(SigningKeyNotFound::new);
            pairs.remove(kid);
            String signing = lives.stream()
                    .filter(life -> life.state() == AccessTokenKeyRing.State.SIGNING)
                    .map(life -> life.pair().kid())
                    .findFirst()
                    .orElseThrow();
            if (revoked.state() == AccessTokenKeyRing.State.SIGNING) {
                StoredKeyPair fresh = generate(now, now);
                pairs.add(fresh);
                signing = fresh.kid();
            }
            audit.record(new AuditEvent(
                    now,
                    admin.actor(),
                    AuditAction.TOKEN_KEY_REVOKED,
                    new AuditTarget.SigningKey(kid),
                    "emergency: unpublished and its access tokens refused at once; " + signing + " signs"));
            return signing;
        });
        snapshot = null;
        return ring().find(signer).orElseThrow();
    }

    private AccessTokenKeyRing.Published addKey(AuditActor actor, Instant signsFrom) {
        StoredKeyPair pair = generate(clock.instant(), signsFrom);
        transactions.inTransaction(() -> {
            pairs.add(pair);
            audit.record(new AuditEvent(
                    clock.instant(),
                    actor,
                    AuditAction.TOKEN_KEY_ROTATED,
                    new AuditTarget.SigningKey(pair.kid()),
                    "signs from " + pair.signsFrom()));
            return null;
        });
        snapshot = null;
        return ring().find(pair.kid()).orElseThrow();
    }

    private synchronized Snapshot reload() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.validUntil())) {
            return current;
        }
        List<StoredKeyPair> stored = sorted(pairs.all());
        if (stored.stream().noneMatch(pair -> !pair.signsFrom().isAfter(now))) {
            // the very first start: nothing can have cached a key yet, so the first one signs at once
            pairs.add(generate(now, now));
            stored = sorted(pairs.all());
        }
        List<AccessTokenKeyRing.Published> published = new ArrayList<>();
        AccessTokenKeyRing.Signing signing = null;
        Instant validUntil = now.plus(settings.reload());
        for (Life life : lives(stored, now)) {
            if (life.state() == null) {
                continue;
            }
            StoredKeyPair pair = life.pair();
            published.add(new AccessTokenKeyRing.Published(
                    pair.kid(),
                    publicKey(pair),
                    pair.createdAt(),
                    pair.signsFrom(),
                    life.signsUntil(),
                    life.publishedUntil(),
                    life.state()));
            if (life.state() == AccessTokenKeyRing.State.SIGNING) {
                signing = new AccessTokenKeyRing.Signing(pair.kid(), privateKey(pair));
            }
            // the ring changes when a waiting key starts or a retired one is dropped
            Instant change = life.state() == AccessTokenKeyRing.State.NEXT
                    ? pair.signsFrom()
                    : life.publishedUntil().orElse(null);
            if (change != null && change.isBefore(validUntil)) {
                validUntil = change;
            }
        }
        Snapshot fresh = new Snapshot(
                new AccessTokenKeyRing(Objects.requireNonNull(signing, "no signing key"), published), validUntil, now);
        snapshot = fresh;
        return fresh;
    }

    /** Each stored pair's life at {@code now}; a {@code null} state means it is no longer published. */
    private record Life(
            StoredKeyPair pair,
            Optional<Instant> signsUntil,
            Optional<Instant> publishedUntil,
            AccessTokenKeyRing.State state) {}

    private List<Life> lives(List<StoredKeyPair> sortedPairs, Instant now) {
        List<Life> lives = new ArrayList<>();
        int signingIndex = -1;
        for (int i = 0; i < sortedPairs.size(); i++) {
            if (!sortedPairs.get(i).signsFrom().isAfter(now)) {
                signingIndex = i;
            }
        }
        for (int i = 0; i < sortedPairs.size(); i++) {
            StoredKeyPair pair = sortedPairs.get(i);
            Optional<Instant> signsUntil = i + 1 < sortedPairs.size()
                    ? Optional.of(sortedPairs.get(i + 1).signsFrom())
                    : Optional.empty();
            Optional<Instant> publishedUntil = signsUntil.map(
                    until -> until.plus(settings.accessTokenLifetime()).plus(CLOCK_SKEW));
            AccessTokenKeyRing.State state;
            if (i == signingIndex) {
                state = AccessTokenKeyRing.State.SIGNING;
            } else if (i > signingIndex) {
                state = AccessTokenKeyRing.State.NEXT;
            } else {
                state = publishedUntil.orElseThrow().isAfter(now) ? AccessTokenKeyRing.State.RETIRED : null;
            }
            lives.add(new Life(pair, signsUntil, publishedUntil, state));
        }
        return lives;
    }

    private static List<StoredKeyPair> sorted(List<StoredKeyPair> pairs) {
        List<StoredKeyPair> sorted = new ArrayList<>(pairs);
        sorted.sort(BY_START);
        return sorted;
    }

    /** Times are kept to the millisecond, so that every store keeps them exactly (PostgreSQL would round nanoseconds). */
    private StoredKeyPair generate(Instant created, Instant starts) {
        Instant createdAt = created.truncatedTo(ChronoUnit.MILLIS);
        Instant signsFrom = starts.truncatedTo(ChronoUnit.MILLIS);
        try {
            KeyPairGenerator generator = provider == null
                    ? KeyPairGenerator.getInstance("EC")
                    : KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keyPair = generator.generateKeyPair();
            String kid = thumbprint((ECPublicKey) keyPair.getPublic());
            byte[] privateKey = keyPair.getPrivate().getEncoded();
            try {
                return new StoredKeyPair(
                        kid,
                        AccessTokenKeyRing.ALGORITHM,
                        keyPair.getPublic().getEncoded(),
                        sealer.seal(privateKey, context(kid)),
                        createdAt,
                        signsFrom);
            } finally {
                Arrays.fill(privateKey, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make P-256 keys", e);
        }
    }

    private static String context(String kid) {
        return "signing-key:" + kid;
    }

    private KeyFactory keyFactory() throws GeneralSecurityException {
        return provider == null ? KeyFactory.getInstance("EC") : KeyFactory.getInstance("EC", provider);
    }

    private ECPublicKey publicKey(StoredKeyPair pair) {
        try {
            return (ECPublicKey) keyFactory().generatePublic(new X509EncodedKeySpec(pair.publicKey()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored public key " + pair.kid() + " is not a P-256 key", e);
        }
    }

    private ECPrivateKey privateKey(StoredKeyPair pair) {
        byte[] encoded = sealer.open(pair.sealedPrivateKey(), context(pair.kid()));
        try {
            return (ECPrivateKey) keyFactory().generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored private key " + pair.kid() + " is not a P-256 key", e);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    /** The RFC 7638 thumbprint of a P-256 public key: SHA-256 over its canonical JWK, base64url. */
    static String thumbprint(ECPublicKey key) {
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
                + base64url.encodeToString(
                        AccessTokenKeyRing.p256Bytes(key.getW().getAffineX()))
                + "\",\"y\":\""
                + base64url.encodeToString(
                        AccessTokenKeyRing.p256Bytes(key.getW().getAffineY())) + "\"}";
        try {
            return base64url.encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
