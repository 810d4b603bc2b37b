package dev.keyport.application;

import dev.keyport.application.accounts.port.out.AccountPorts;
import dev.keyport.application.admin.port.out.AdminAccounts;
import dev.keyport.application.customtoken.port.out.ExternalIdentities;
import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.providers.port.out.ProviderSecrets;
import dev.keyport.application.serverkeys.port.out.ServerApiKeys;
import dev.keyport.application.sessions.port.out.EndedSessions;
import dev.keyport.application.sessions.port.out.LoginFailures;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.ServerSecrets;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;
import dev.keyport.application.signingkeys.port.out.SigningKeyPairs;
import dev.keyport.application.signingkeys.port.out.TokenKeySet;
import dev.keyport.application.userkeys.port.out.ApiKeyUsage;
import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.application.webhooks.port.out.KeyExpiryNotices;
import dev.keyport.application.webhooks.port.out.WebhookEndpoints;
import dev.keyport.application.webhooks.port.out.WebhookOutbox;

/**
 * Everything the application needs from outside, as one adapter family provides it over one store:
 * the PostgreSQL adapters or the in-memory ones. Bootstrap builds the services from one of these.
 */
public record DrivenPorts(
        Users users,
        ApiKeys apiKeys,
        ApiKeyUsage keyUsage,
        Sessions sessions,
        EndedSessions endedSessions,
        Transactions transactions,
        ServerApiKeys serverKeys,
        AuthProviders providers,
        AuditTrail audit,
        AdminAccounts adminAccounts,
        LoginFailures loginFailures,
        ServerSecrets secrets,
        SigningKeyPairs signingKeys,
        WebhookEndpoints webhookEndpoints,
        WebhookOutbox webhookOutbox,
        KeyExpiryNotices keyExpiryNotices,
        TokenKeySet tokenKeys,
        ProviderSecrets providerSecrets,
        ExternalIdentities externalIdentities,
        AccountPorts accounts) {

    /** The same ports with another audit trail (bootstrap adds webhook notifications to the store's). */
    public DrivenPorts withAudit(AuditTrail newAudit) {
        return new DrivenPorts(
                users,
                apiKeys,
                keyUsage,
                sessions,
                endedSessions,
                transactions,
                serverKeys,
                providers,
                newAudit,
                adminAccounts,
                loginFailures,
                secrets,
                signingKeys,
                webhookEndpoints,
                webhookOutbox,
                keyExpiryNotices,
                tokenKeys,
                providerSecrets,
                externalIdentities,
                accounts);
    }
}
