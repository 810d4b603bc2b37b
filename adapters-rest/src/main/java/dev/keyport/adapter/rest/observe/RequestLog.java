package dev.keyport.adapter.rest.observe;

import dev.keyport.adapter.rest.error.ProtocolError;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One log event per request, on logger {@code keyport.request}: method, route template, status, outcome
 * (the protocol's {@code error_code}, or {@code ok}) and duration, with the request id. The id is the
 * caller's {@code X-Request-Id} when it is a plain token (letters, digits, {@code ._-}, at most 64), so a
 * proxy's id carries through; else a new random one. {@link RequestObserver} echoes it in the answer's
 * {@code X-Request-Id}; it is in the MDC ({@code request_id}) of every event logged while the request runs
 * ({@link RequestIds}).
 *
 * <p>Nothing from the request but its method and route template is written: no query, no header, no body,
 * so no secret can reach the log this way ({@code SecretsStayHiddenTest}, {@code KeyportJarIT}). The logger
 * is on in the JSON log format and off in the text one (docs/operations.md#logs).
 *
 * <p>A request id only has to be unique enough to find a request in the logs, not secret: it comes from
 * {@link ThreadLocalRandom} (96 bits), not from {@code SecureRandom}, whose default on Linux takes a
 * process-wide lock and reads {@code /dev/urandom} on every request.
 */
final class RequestLog {
    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "request_id";
    private static final Logger LOG = LoggerFactory.getLogger("keyport.request");
    private static final int LONGEST_ID = 64;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    /** The id of a request that offered {@code offered} (its {@code X-Request-Id}, or null). */
    static String idFor(String offered) {
        return offered != null && acceptable(offered) ? offered : newId();
    }

    /** A plain token: 1 to 64 of letters, digits, {@code .}, {@code _} and {@code -}. */
    static boolean acceptable(String offered) {
        int length = offered.length();
        if (length == 0 || length > LONGEST_ID) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = offered.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    /** Logs the event of one answered request (when the logger is on), with {@code id} in its MDC. */
    static void answered(String id, String method, String route, int status, Object body, long nanos) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String outcome = body instanceof ProtocolError error && error.errorCode() != null
                ? error.errorCode()
                : status < 400 ? "ok" : "HTTP " + status;
        String shownRoute = route != null ? route : status < 400 ? "(static file)" : "(no route)";
        long micros = nanos / 1_000;
        String previous = MDC.get(MDC_KEY); // set here too, for a Logback set up without RequestIdInLogs
        MDC.put(MDC_KEY, id);
        try {
            LOG.atInfo()
                    .addKeyValue("method", method)
                    .addKeyValue("route", shownRoute)
                    .addKeyValue("status", status)
                    .addKeyValue("outcome", outcome)
                    .addKeyValue("duration_ms", micros / 1000.0)
                    .log("{} {} {} {}", method, shownRoute, status, outcome);
        } finally {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }

    /** 24 lowercase hex digits, written straight into the one string made (a profile had 0.4 % of the ceiling here). */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] digits = new byte[24];
        hex(random.nextLong(), digits, 0, 16);
        hex(random.nextInt() & 0xFFFF_FFFFL, digits, 16, 8);
        return new String(digits, StandardCharsets.ISO_8859_1);
    }

    private static void hex(long value, byte[] into, int from, int count) {
        for (int i = from + count - 1; i >= from; i--) {
            into[i] = HEX_DIGITS[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
