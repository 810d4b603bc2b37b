package dev.keyport.adapter.rest.client;

import dev.keyport.adapter.rest.token.BearerToken;
import dev.keyport.adapter.rest.token.SignedTokens;
import dev.keyport.application.sessions.port.in.AuthenticateRefreshToken;
import dev.keyport.application.shared.port.in.Caller;
import io.micronaut.http.HttpRequest;

/**
 * Who calls a refresh-token route: the bearer token verified, then its session checked by the use case.
 * Not a bean: each controller that needs it builds one from the {@link AuthenticateRefreshToken} its
 * {@code Uses} names, so the use case it calls stays visible in {@code Routes}.
 */
public final class ClientCallers {
    private final SignedTokens tokens;
    private final AuthenticateRefreshToken authenticate;

    public ClientCallers(SignedTokens tokens, AuthenticateRefreshToken authenticate) {
        this.tokens = tokens;
        this.authenticate = authenticate;
    }

    public Caller of(HttpRequest<?> request) {
        return authenticate.authenticate(tokens.verifyRefresh(BearerToken.from(request)));
    }
}
