package dev.keyport.bootstrap;

import dev.keyport.adapter.mail.SmtpMailSender;
import dev.keyport.adapter.persistence.PostgresStore;
import dev.keyport.adapter.persistence.memory.InMemoryStore;
import dev.keyport.adapter.webhook.ReceiverAddresses;
import dev.keyport.adapter.webhook.SignedAccountCallbacks;
import dev.keyport.adapter.webhook.SocketWebhookSender;
import dev.keyport.application.DrivenPorts;
import dev.keyport.application.accounts.port.out.AccountCallbacks;
import dev.keyport.application.accounts.port.out.AccountPorts;
import dev.keyport.application.accounts.port.out.MailSender;
import dev.keyport.application.accounts.service.AccountService;
import dev.keyport.application.accounts.service.MailService;
import dev.keyport.application.accounts.service.PendingAwareLogin;
import dev.keyport.application.login.service.LoginService;
import dev.keyport.application.login.service.RegistrationService;
import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.application.shared.port.out.SecretSealer;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Email confirmation and password reset (issue 24, ADR 0022): the stored ports from the same store as every other
 * port, the SMTP sender (none unless {@code KEYPORT_MAIL_SMTP_HOST} is set: the mails then wait in the outbox, which
 * the admin reads), the signed callbacks standing in for App Services' functions, and the use cases. Registration
 * and password login are the accounts' versions ({@code @Primary}): they add pending registrations to the plain ones.
 */
@Factory
final class AccountWiring {
    private static final Logger LOG = LoggerFactory.getLogger(AccountWiring.class);

    /** The ports of the one store {@code keyport.store} names, over the same database (or process) as the others. */
    @Singleton
    AccountPorts accountPorts(@Value("${keyport.store:postgres}") String store, BeanProvider<PostgresStore> postgres,
                              DrivenPorts ports) {
        return store.equals("memory") ? InMemoryStore.accounts(ports) : postgres.get().accountPorts();
    }

    /** The SMTP server, if one is configured. */
    record Smtp(Optional<MailSender> sender) {
    }

    @Singleton
    Smtp smtp(@Nullable @Value("${keyport.mail.smtp.host:}") String host,
              @Value("${keyport.mail.smtp.port:587}") int port,
              @Value("${keyport.mail.smtp.security:starttls}") String security,
              @Nullable @Value("${keyport.mail.smtp.username:}") String username,
              @Nullable @Value("${keyport.mail.smtp.password:}") String password,
              @Value("${keyport.mail.from:keyport@localhost}") String from,
              @Value("${keyport.mail.smtp.timeout:10s}") Duration timeout) {
        if (host == null || host.isBlank()) {
            LOG.info("No SMTP server configured (KEYPORT_MAIL_SMTP_HOST): confirmation and reset mails stay in the outbox, "
                    + "readable by the admin (GET /api/admin/v3.0/apps/{app}/outgoing_mails)");
            return new Smtp(Optional.empty());
        }
        SmtpMailSender sender = new SmtpMailSender(new SmtpMailSender.Settings(host.strip(), port, security,
                Optional.ofNullable(username).filter(u -> !u.isEmpty()), Optional.ofNullable(password).filter(p -> !p.isEmpty()),
                from, timeout));
        LOG.info("Mail goes through the SMTP server {}:{} ({}), from {}", host.strip(), port, security, from);
        return new Smtp(Optional.of(sender));
    }

    /**
     * The custom confirmation and reset callbacks, signed under {@code KEYPORT_ACCOUNT_FUNCTIONS_SECRET} (base64, at
     * least 32 bytes), sent to public addresses only unless {@code KEYPORT_WEBHOOKS_ALLOWED_NETWORKS} allows more.
     */
    @Singleton
    AccountCallbacks accountCallbacks(@Nullable @Value("${keyport.account-functions.secret:}") String secret,
                                      @Value("${keyport.account-functions.timeout:10s}") Duration timeout,
                                      @Value("${keyport.webhooks.allowed-networks:}") String allowedNetworks, Clock clock) {
        Optional<byte[]> key = Optional.ofNullable(secret).filter(s -> !s.isBlank())
                .map(s -> Base64.getDecoder().decode(s.strip()));
        if (key.isPresent() && key.get().length < 32) {
            throw new IllegalArgumentException("KEYPORT_ACCOUNT_FUNCTIONS_SECRET must be base64 of at least 32 bytes");
        }
        return new SignedAccountCallbacks(new SocketWebhookSender(ReceiverAddresses.allowing(allowedNetworks), timeout),
                key, clock);
    }

    @Singleton
    @Primary
    AccountService accounts(RegistrationService registration, DrivenPorts ports, AccountPorts accounts,
                            PasswordHasher hasher, SecretSealer sealer, AccountCallbacks callbacks, Clock clock,
                            RandomGenerator random) {
        return new AccountService(registration, ports.users(), accounts, ports.sessions(), ports.providers(), hasher,
                sealer, callbacks, ports.audit(), ports.transactions(), clock, random);
    }

    @Singleton
    @Primary
    PendingAwareLogin pendingAwareLogin(LoginService login, AccountPorts accounts, PasswordHasher hasher) {
        return new PendingAwareLogin(login, accounts.registrations(), hasher);
    }

    /** Sends the outbox: retries from {@code keyport.mail.retry-base} (10 s) doubling up to 5 min, 30 attempts. */
    @Singleton
    MailService mails(AccountPorts accounts, Smtp smtp, SecretSealer sealer, Clock clock, RandomGenerator random,
                      @Value("${keyport.mail.retry-base:10s}") Duration retryBase,
                      @Value("${keyport.mail.max-attempts:30}") int maxAttempts,
                      @Value("${keyport.mail.retention:7d}") Duration retention) {
        return new MailService(accounts.outbox(), smtp.sender(), accounts.resets(), sealer, clock, random,
                new MailService.Settings(retryBase, Duration.ofMinutes(5), maxAttempts, Duration.ofMinutes(2), 20, retention));
    }
}
