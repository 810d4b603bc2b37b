package dev.keyport.adapter.rest;

import dev.keyport.adapter.rest.admin.accounts.AccountsAdminController;
import dev.keyport.adapter.rest.admin.audit.AuditController;
import dev.keyport.adapter.rest.admin.providers.ProvidersController;
import dev.keyport.adapter.rest.admin.serverkeys.ServerKeysController;
import dev.keyport.adapter.rest.admin.sessions.AdminSessionsController;
import dev.keyport.adapter.rest.admin.signingkeys.SigningKeysController;
import dev.keyport.adapter.rest.admin.users.UsersController;
import dev.keyport.adapter.rest.admin.webhooks.WebhooksController;
import dev.keyport.adapter.rest.client.accounts.AccountController;
import dev.keyport.adapter.rest.client.introspection.IntrospectionController;
import dev.keyport.adapter.rest.client.registration.RegistrationController;
import dev.keyport.adapter.rest.client.sessions.ClientSessionsController;
import dev.keyport.adapter.rest.client.userkeys.UserKeysController;
import dev.keyport.adapter.rest.discovery.DiscoveryController;
import java.util.Objects;

/**
 * Which controller calls which use case: one component per controller, each that controller's
 * {@code Uses} (the {@code port.in} interfaces it calls, and nothing else). Whoever builds this record
 * states the whole driving side of the REST adapter in one place; each controller takes the record and
 * picks its own component, so no controller receives a use case by type matching.
 */
public record Routes(
        // admin API, /api/admin/v3.0
        AdminSessionsController.Uses adminSessions,
        ProvidersController.Uses providers,
        ServerKeysController.Uses serverKeys,
        UsersController.Uses users,
        AuditController.Uses audit,
        SigningKeysController.Uses signingKeys,
        WebhooksController.Uses webhooks,
        AccountsAdminController.Uses accountsAdmin,
        // client protocol, /api/client/v2.0
        ClientSessionsController.Uses clientSessions,
        RegistrationController.Uses registration,
        UserKeysController.Uses userKeys,
        IntrospectionController.Uses introspection,
        AccountController.Uses accounts,
        // /.well-known
        DiscoveryController.Uses discovery) {

    public Routes {
        Objects.requireNonNull(adminSessions, "adminSessions");
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(serverKeys, "serverKeys");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(signingKeys, "signingKeys");
        Objects.requireNonNull(webhooks, "webhooks");
        Objects.requireNonNull(clientSessions, "clientSessions");
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(userKeys, "userKeys");
        Objects.requireNonNull(introspection, "introspection");
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(accountsAdmin, "accountsAdmin");
        Objects.requireNonNull(accounts, "accounts");
    }
}
