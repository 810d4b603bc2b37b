package dev.keyport.archfixture.violating.application.keys.service;

import dev.keyport.archfixture.violating.application.login.service.LoginService;

/** Breaks "no cycles between features": keys now needs login, and login already needs keys. */
public final class KeyServiceEndingLogins {
    private final LoginService login;

    public KeyServiceEndingLogins(LoginService login) {
        this.login = login;
    }

    public boolean check(String keyId) {
        return login.logIn(keyId);
    }
}
