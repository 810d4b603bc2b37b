package dev.keyport.adapter.rest.throttle;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;

/**
 * The throttling keys of a login request (see {@link dev.keyport.application.login.port.in.ThrottledLogin}):
 * the client address, and the account when the login names one (email address or admin name).
 *
 * <p>The client address is the connection's remote address; behind a reverse proxy, set
 * {@code keyport.login-throttle.client-address-header} (e.g. {@code X-Forwarded-For}) to take the
 * first address of that header instead (only if the proxy overwrites it, or clients could forge it).
 */
@Singleton
public final class ThrottleKeys {
    private final String addressHeader;

    public ThrottleKeys(@Nullable @Value("${keyport.login-throttle.client-address-header:}") String addressHeader) {
        this.addressHeader = addressHeader == null || addressHeader.isBlank() ? null : addressHeader.strip();
    }

    public List<String> of(HttpRequest<?> request, @Nullable String account) {
        String address = "address:" + clientAddress(request);
        return account == null ? List.of(address) : List.of(address, "account:" + account.strip().toLowerCase(Locale.ROOT));
    }

    private String clientAddress(HttpRequest<?> request) {
        if (addressHeader != null) {
            String forwarded = request.getHeaders().get(addressHeader);
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",")[0].strip();
            }
        }
        return request.getRemoteAddress().getAddress().getHostAddress();
    }
}
