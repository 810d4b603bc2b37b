package dev.keyport.application.contract;

import dev.keyport.application.port.out.AdminAccounts;
import dev.keyport.application.port.out.LoginFailures;
import dev.keyport.application.port.out.ApiKeyUsage;
import dev.keyport.application.port.out.ApiKeys;
import dev.keyport.application.port.out.AuditTrail;
import dev.keyport.application.port.out.AuthProviders;
import dev.keyport.application.port.out.EndedSessions;
import dev.keyport.application.port.out.ServerApiKeys;
import dev.keyport.application.port.out.Sessions;
import dev.keyport.application.port.out.Transactions;
import dev.keyport.application.port.out.Users;

/** One adapter family's implementations of the driven ports, over one (empty) store. */
public record DrivenPorts(Users users, ApiKeys apiKeys, ApiKeyUsage keyUsage, Sessions sessions,
                          EndedSessions endedSessions,
                          Transactions transactions, ServerApiKeys serverKeys, AuthProviders providers,
                          AuditTrail audit, AdminAccounts adminAccounts, LoginFailures loginFailures) {
}
