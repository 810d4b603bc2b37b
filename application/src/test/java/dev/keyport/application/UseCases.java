package dev.keyport.application;

import dev.keyport.application.DrivenPorts;
import dev.keyport.application.FastTestPasswordHasher;
import dev.keyport.application.shared.port.out.PasswordHasher;
import dev.keyport.application.admin.service.AdminAccountService;
import dev.keyport.application.login.service.LoginService;
import dev.keyport.application.providers.service.ProviderService;
import dev.keyport.application.login.service.RegistrationService;
import dev.keyport.application.serverkeys.service.ServerApiKeyService;
import dev.keyport.application.login.service.SessionPolicy;
import dev.keyport.application.login.service.SessionRevocationService;
import dev.keyport.application.login.service.SessionService;
import dev.keyport.application.userkeys.service.UserApiKeyService;
import dev.keyport.application.login.service.UserLookupService;
import java.security.SecureRandom;
import dev.keyport.application.accounts.service.AccountService;
import java.time.Clock;
import java.time.Duration;

/** Every application service, wired to one set of driven ports, as bootstrap wires them. */
public record UseCases(DrivenPorts ports, RegistrationService registration, LoginService login, SessionService sessions,
                SessionRevocationService revocation,
                UserApiKeyService userKeys, ServerApiKeyService serverKeys, ProviderService providers,
                UserLookupService lookup, AdminAccountService admin, AccountService accounts) {

    public static UseCases wire(DrivenPorts ports, Clock clock, AdminAccountService.Settings adminSettings) {
        return wire(ports, clock, adminSettings, new FastTestPasswordHasher());
    }

    public static UseCases wire(DrivenPorts ports, Clock clock, AdminAccountService.Settings adminSettings,
                         PasswordHasher hasher) {
        return wire(ports, clock, adminSettings, hasher, new SessionPolicy(SessionPolicy.DEFAULT_REFRESH_TOKEN_LIFETIME));
    }

    public static UseCases wire(DrivenPorts ports, Clock clock, AdminAccountService.Settings adminSettings,
                         PasswordHasher hasher, SessionPolicy policy) {
        SecureRandom random = new SecureRandom();
        SessionService sessions = new SessionService(ports.sessions(), ports.endedSessions(), ports.apiKeys(), ports.serverKeys(),
                ports.users(), ports.transactions(), ports.audit(), policy, clock);
        return new UseCases(ports,
                new RegistrationService(ports.users(), ports.providers(), hasher, ports.transactions(), clock, random),
                new LoginService(ports.users(), ports.apiKeys(), ports.keyUsage(), ports.sessions(), ports.providers(),
                        ports.audit(), hasher, ports.transactions(), clock, random, policy),
                sessions,
                new SessionRevocationService(ports.users(), ports.apiKeys(), ports.serverKeys(), ports.sessions(),
                        ports.transactions(), ports.audit(), clock),
                new UserApiKeyService(ports.users(), ports.apiKeys(), ports.sessions(), ports.transactions(),
                        ports.providers(), ports.audit(), clock, random),
                new ServerApiKeyService(ports.users(), ports.serverKeys(), ports.sessions(), ports.transactions(),
                        ports.providers(), ports.audit(), clock, random),
                new ProviderService(ports.providers(), ports.transactions(), ports.audit(), clock),
                new UserLookupService(ports.users(), ports.apiKeys()),
                new AdminAccountService(adminSettings, ports.adminAccounts(), hasher, ports.audit(), ports.transactions(),
                        clock, random),
                new AccountService(ports.users(), ports.apiKeys(), ports.sessions(), ports.providers(), hasher, sessions,
                        ports.transactions(), ports.audit(), clock));
    }
}
