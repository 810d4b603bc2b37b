package dev.keyport.application.contract;

import dev.keyport.application.admin.port.out.AdminAccounts;
import dev.keyport.application.login.port.out.LoginFailures;
import dev.keyport.application.userkeys.port.out.ApiKeyUsage;
import dev.keyport.application.userkeys.port.out.ApiKeys;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.login.port.out.EndedSessions;
import dev.keyport.application.serverkeys.port.out.ServerApiKeys;
import dev.keyport.application.shared.port.out.Sessions;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.shared.port.out.Users;

/** One adapter family's implementations of the driven ports, over one (empty) store. */
public record DrivenPorts(Users users, ApiKeys apiKeys, ApiKeyUsage keyUsage, Sessions sessions,
                          EndedSessions endedSessions,
                          Transactions transactions, ServerApiKeys serverKeys, AuthProviders providers,
                          AuditTrail audit, AdminAccounts adminAccounts, LoginFailures loginFailures) {
}
