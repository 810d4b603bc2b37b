package dev.keyport.application;

import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.providers.service.ProviderService;
import dev.keyport.application.registration.service.RegistrationService;
import dev.keyport.application.serverkeys.service.ServerApiKeyService;
import dev.keyport.application.sessions.service.LoginService;
import dev.keyport.application.sessions.service.SessionRevocationService;
import dev.keyport.application.sessions.service.SessionService;
import dev.keyport.application.userkeys.service.UserApiKeyService;
import dev.keyport.application.users.service.UserLookupService;
import dev.keyport.application.webhooks.service.KeyExpiryNoticeService;
import dev.keyport.application.webhooks.service.NotifyingAuditTrail;
import dev.keyport.application.webhooks.service.WebhookService;

/**
 * A graph under test: the use cases the composition root built over one store, that store (to look inside
 * it), and the audit trail the services record to (the store's, decorated with webhook events). The accessors read as the suites
 * use them ({@code app.login()}, {@code app.ports()}).
 */
public record App(DrivenPorts ports, UseCases useCases, NotifyingAuditTrail events) {
    /** Webhook events not queued because an endpoint's outbox was full. */
    public long droppedEvents() {
        return events.dropped();
    }

    public RegistrationService registration() {
        return useCases.registration();
    }

    public LoginService login() {
        return useCases.login();
    }

    public SessionService sessions() {
        return useCases.sessions();
    }

    public SessionRevocationService revocation() {
        return useCases.revocation();
    }

    public UserApiKeyService userKeys() {
        return useCases.userKeys();
    }

    public ServerApiKeyService serverKeys() {
        return useCases.serverKeys();
    }

    public ProviderService providers() {
        return useCases.providers();
    }

    public UserLookupService lookup() {
        return useCases.userLookup();
    }

    public AdminAccountService admin() {
        return useCases.admin();
    }

    public WebhookService webhooks() {
        return useCases.webhooks();
    }

    public KeyExpiryNoticeService keyExpiryNotices() {
        return useCases.keyExpiryNotices();
    }

    public dev.keyport.application.accounts.service.AccountService accounts() {
        return useCases.accounts();
    }
}
