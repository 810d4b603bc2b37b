package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.keyport.adapter.persistence.memory.InMemoryStore;
import dev.keyport.adapter.persistence.sealing.AesGcmSecretSealer;
import dev.keyport.adapter.rest.token.SignedTokens;
import dev.keyport.adapter.rest.token.TokenSettings;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.application.signingkeys.service.AccessTokenKeyService;
import dev.keyport.domain.id.ApiKeyId;
import dev.keyport.domain.id.DeviceId;
import dev.keyport.domain.id.SessionId;
import dev.keyport.domain.id.UserId;
import java.math.BigInteger;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The provider that signs access tokens (ADR 0020): AWS-LC through ACCP where it loads, the JDK's SunEC
 * where it does not or where the operator says {@code jdk}; and tokens signed on either path are the
 * same tokens: low-S, verified by the other path and by a plain JDK verifier, with keys made by one
 * provider usable by the other (an operator may switch between restarts).
 */
class TokenSignatureProviderTest {
    private static final BigInteger P256_HALF_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16).shiftRight(1);
    private static final AesGcmSecretSealer SEALER = AesGcmSecretSealer.ephemeral();
    private static final Caller KEY_SESSION = Caller.ofKeySession(
            new SessionId("0123456789abcdef01234567"),
            new UserId("0123456789abcdef01234568"),
            new DeviceId("0123456789abcdef01234569"),
            new ApiKeyId("0123456789abcdef0123456a"),
            3);

    @Test
    void autoChoosesAwsLcWhereItsNativeLibraryLoads() {
        assumeTrue(
                System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch")),
                "the jar's native library is linux-x86_64");
        assertThat(TokenSignatureProvider.choose("auto").getName()).isEqualTo("AmazonCorrettoCryptoProvider");
        assertThat(TokenSignatureProvider.choose("").getName()).isEqualTo("AmazonCorrettoCryptoProvider");
    }

    @Test
    void jdkForcesTheJdkProvider() {
        assertThat(TokenSignatureProvider.choose("jdk")).isSameAs(TokenSignatureProvider.jdkProvider());
        assertThat(TokenSignatureProvider.choose(" JDK ").getName()).isEqualTo("SunEC");
    }

    @Test
    void fallsBackToTheJdkWhenTheNativeProviderCannotLoadOrFailsItsSelfTest() {
        assertThat(TokenSignatureProvider.choose("auto", () -> "its native library did not load: (test)"))
                .isSameAs(TokenSignatureProvider.jdkProvider());
        Provider empty = new Provider("Empty", "1", "knows no algorithm") {};
        assertThat(TokenSignatureProvider.choose("auto", () -> empty)).isSameAs(TokenSignatureProvider.jdkProvider());
    }

    @Test
    void refusesAnUnknownSetting() {
        assertThatThrownBy(() -> TokenSignatureProvider.choose("bouncycastle"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto or jdk");
    }

    @Test
    void tokensSignedOnEitherPathAreLowSAndVerifiedByTheOtherAndByAPlainJdkVerifier() throws Exception {
        Provider jdk = TokenSignatureProvider.choose("jdk");
        Provider chosen = TokenSignatureProvider.choose("auto");
        for (Provider signing : List.of(chosen, jdk)) {
            DrivenPorts store = InMemoryStore.fresh();
            SignedTokens signer = tokens(store, signing);
            // a second instance on the same store, with the other provider: it parses the keys the first one made
            Provider other = signing == jdk ? chosen : jdk;
            SignedTokens otherSide = tokens(store, other);
            for (int i = 0; i < 64; i++) { // half of raw ECDSA signatures are high-S: 64 tokens all but surely meet one
                String token = signer.issueAccess(KEY_SESSION, "http://keyport.test");
                SignedJWT jwt = SignedJWT.parse(token);
                byte[] signature = jwt.getSignature().decode();
                assertThat(new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)))
                        .isLessThanOrEqualTo(P256_HALF_ORDER);
                assertThat(signer.verifyAccess(token)).isEqualTo(KEY_SESSION);
                assertThat(otherSide.verifyAccess(token)).isEqualTo(KEY_SESSION);
                assertThat(otherSide.verifyAccess(otherSide.issueAccess(KEY_SESSION, "http://keyport.test")))
                        .isEqualTo(KEY_SESSION);
                var publicKey = keys(store, null)
                        .ring()
                        .find(jwt.getHeader().getKeyID())
                        .orElseThrow()
                        .publicKey();
                assertThat(jwt.verify(new ECDSAVerifier(publicKey)))
                        .as("verified by Nimbus on the JDK's provider")
                        .isTrue();
            }
        }
    }

    private static SignedTokens tokens(DrivenPorts store, Provider provider) {
        // access tokens only: the refresh and admin tokens' HMAC key set is not needed here
        return new SignedTokens(
                new TokenSettings(Duration.ofMinutes(30), "keyport", provider),
                keys(store, provider),
                null,
                Clock.systemUTC());
    }

    private static AccessTokenKeyService keys(DrivenPorts store, Provider provider) {
        return new AccessTokenKeyService(
                store.signingKeys(),
                SEALER,
                store.audit(),
                store.transactions(),
                Clock.systemUTC(),
                new AccessTokenKeyService.Settings(
                        Duration.ofDays(30), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofSeconds(10)),
                provider);
    }
}
