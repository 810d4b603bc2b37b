package dev.keyport.adapter.startup;

import dev.keyport.application.admin.port.in.EnsureAdminAccount;
import dev.keyport.application.providers.port.in.ApplyAppConfiguration;
import dev.keyport.application.signingkeys.port.in.AccessTokenKeys;
import dev.keyport.application.signingkeys.port.in.TokenKeys;

/** The use cases the start-up tasks run, handed over by the composition root. */
public record StartUp(
        ApplyAppConfiguration applyAppConfiguration,
        EnsureAdminAccount ensureAdminAccount,
        TokenKeys tokenKeys,
        AccessTokenKeys accessTokenKeys) {}
