package dev.keyport.application;

import dev.keyport.application.accounts.service.AccountService;
import dev.keyport.application.accounts.service.ConfirmationAndResetService;
import dev.keyport.application.accounts.service.MailService;
import dev.keyport.application.accounts.service.PendingAwareLogin;
import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.audit.service.AuditTrailService;
import dev.keyport.application.customtoken.service.CustomTokenService;
import dev.keyport.application.introspection.service.IntrospectionService;
import dev.keyport.application.providers.service.ProviderService;
import dev.keyport.application.registration.service.RegistrationService;
import dev.keyport.application.serverkeys.service.ServerApiKeyService;
import dev.keyport.application.sessions.service.LoginService;
import dev.keyport.application.sessions.service.LoginThrottle;
import dev.keyport.application.sessions.service.SessionRevocationService;
import dev.keyport.application.sessions.service.SessionService;
import dev.keyport.application.signingkeys.service.AccessTokenKeyService;
import dev.keyport.application.signingkeys.service.TokenKeyService;
import dev.keyport.application.userkeys.service.UserApiKeyService;
import dev.keyport.application.users.service.UserLookupService;
import dev.keyport.application.webhooks.service.KeyExpiryNoticeService;
import dev.keyport.application.webhooks.service.WebhookService;

/**
 * The application, composed: one service per feature, each implementing the {@code port.in} use cases of
 * its feature. It is the mirror of {@link DrivenPorts}: what the hexagon offers its driving adapters,
 * as {@code DrivenPorts} is what it needs from its driven ones. Only the composition root in bootstrap
 * ({@code Composition.compose}) builds one; the driving adapters and the tests receive it from there.
 */
public record UseCases(
        RegistrationService registration,
        LoginService login,
        LoginThrottle loginThrottle,
        SessionService sessions,
        SessionRevocationService revocation,
        UserApiKeyService userKeys,
        ServerApiKeyService serverKeys,
        ProviderService providers,
        IntrospectionService introspection,
        UserLookupService userLookup,
        AuditTrailService auditTrail,
        AdminAccountService admin,
        TokenKeyService tokenKeys,
        AccessTokenKeyService accessTokenKeys,
        WebhookService webhooks,
        KeyExpiryNoticeService keyExpiryNotices,
        CustomTokenService customTokens,
        AccountService accounts,
        /* issue 24, ADR 0022: confirmation, reset, the registration and password login that know pending users */
        ConfirmationAndResetService confirmationAndReset,
        PendingAwareLogin passwordLogin,
        MailService mails) {}
