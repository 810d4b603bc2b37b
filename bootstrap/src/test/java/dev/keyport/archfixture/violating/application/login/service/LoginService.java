package dev.keyport.archfixture.violating.application.login.service;

import dev.keyport.archfixture.violating.application.keys.port.out.Keys;
import dev.keyport.archfixture.violating.application.login.port.in.LogIn;

/** Login reads keys (login depends on keys, never the other way round: no cycle). */
public final class LoginService implements LogIn {
    private final Keys keys;

    public LoginService(Keys keys) {
        this.keys = keys;
    }

    @Override
    public boolean logIn(String keyId) {
        return keys.find(keyId).enabled();
    }
}
