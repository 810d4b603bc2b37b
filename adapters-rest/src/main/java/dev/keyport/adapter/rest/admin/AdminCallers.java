package dev.keyport.adapter.rest.admin;

import dev.keyport.adapter.rest.error.RequestRejected;
import dev.keyport.adapter.rest.token.BearerToken;
import dev.keyport.adapter.rest.token.SignedTokens;
import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.admin.port.in.AdminSessions;
import io.micronaut.http.HttpRequest;

/** Who calls an admin route: a verified admin token whose session is live; then the app id in the path. */
public final class AdminCallers {
    private final AdminSessions adminSessions;
    private final SignedTokens tokens;
    private final String appId;

    public AdminCallers(AdminSessions adminSessions, SignedTokens tokens, String appId) {
        this.adminSessions = adminSessions;
        this.tokens = tokens;
        this.appId = appId;
    }

    /** The token is checked before the app id, so a bad token is a 401 whatever the path. */
    public AdminCaller of(HttpRequest<?> request, String app) {
        AdminCaller admin = authenticated(request);
        if (!appId.equals(app)) {
            throw RequestRejected.appNotFound();
        }
        return admin;
    }

    public AdminCaller authenticated(HttpRequest<?> request) {
        return adminSessions.authenticate(tokens.verifyAdmin(BearerToken.from(request)));
    }

    /** A {@code limit} query value: absent is {@code defaultLimit}; the use case checks the range. */
    public static int limit(String limit, int defaultLimit) {
        if (limit == null || limit.isBlank()) {
            return defaultLimit;
        }
        String digits = limit.strip();
        // ASCII digits only: Integer.parseInt also reads other scripts' digits (a full-width "１")
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9' || c == '-' || c == '+')) {
            throw RequestRejected.invalidParameter("limit", "must be a whole number");
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw RequestRejected.invalidParameter("limit", "must be a whole number");
        }
    }
}
