package dev.keyport.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.netty.channel.EventLoopGroupConfiguration;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.micronaut.http.netty.channel.loom.LoomCarrierGroup;
import io.micronaut.http.netty.channel.loom.PrivateLoomSupport;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in, {@code KEYPORT_HTTP_LOOM_CARRIER=true}: the virtual threads that run Keyport's routes are carried by the
 * HTTP event loop that read the request (Micronaut's loom carrier), instead of the JDK's own carrier pool, so an
 * answer is written without handing it from one thread to another. Measured in paired runs (docs/performance.md,
 * issue 25, fourth stop): 6 to 10 % less server CPU per request on the HTTP ceiling, key login and refresh; the ratios
 * between them unchanged.
 *
 * <p>Off by default, for two reasons. Micronaut 4.10 marks the carrier experimental, "subject to change even in patch
 * releases". And it works only when the JVM opens {@code java.lang} to the class path
 * ({@code --add-opens=java.base/java.lang=ALL-UNNAMED}, which {@code ./keyport} adds when the setting is on), so any
 * library on it could then reach into the JDK's private state of threads and strings: an authentication server
 * should not ask for that by default. When the setting is on but the JVM does not allow it, Keyport says so once and
 * runs as it does by default; any value but {@code true} or {@code false} stops the start.
 *
 * <p>Micronaut's own property ({@code micronaut.netty.event-loops.default.loom-carrier}) is set here, not by the
 * operator: as an environment variable its name is ambiguous to Micronaut, and the server then fails to start.
 */
final class EventLoopCarrier {
    static final String PROPERTY = "micronaut.netty.event-loops.default.loom-carrier";
    static final String JVM_OPTION = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    private static final Logger LOG = LoggerFactory.getLogger(EventLoopCarrier.class);

    private EventLoopCarrier() {}

    /**
     * The Micronaut properties for the setting's value: Micronaut's carrier property when the setting is
     * {@code true} and {@code jvmAllows} (asked only then), else none.
     *
     * @throws IllegalArgumentException when the value is neither {@code true} nor {@code false} (nor empty)
     */
    static Map<String, Object> properties(String setting, BooleanSupplier jvmAllows) {
        switch (setting.strip()) {
            case "", "false" -> {
                return Map.of();
            }
            case "true" -> {
                if (!jvmAllows.getAsBoolean()) {
                    LOG.warn(
                            "KEYPORT_HTTP_LOOM_CARRIER=true, but the JVM does not open java.lang to Keyport ({}):"
                                    + " virtual threads stay on the JDK's carrier pool",
                            JVM_OPTION);
                    return Map.of();
                }
                return Map.of(PROPERTY, true);
            }
            default ->
                throw new IllegalArgumentException(
                        "KEYPORT_HTTP_LOOM_CARRIER must be true or false, not '" + setting.strip() + "'");
        }
    }

    /** Whether this JVM lets Micronaut's carrier reach the private state it needs. */
    static boolean jvmAllows() {
        return Thread.class.getModule().isOpen("java.lang", EventLoopCarrier.class.getModule())
                && PrivateLoomSupport.isSupported();
    }

    /** After the start: says once which threads carry the routes, from the server's event loops as they are. */
    static void report(ApplicationContext context) {
        context.findBean(EventLoopGroupRegistry.class)
                .flatMap(registry -> registry.getEventLoopGroup(EventLoopGroupConfiguration.DEFAULT))
                .ifPresent(group -> {
                    if (group instanceof LoomCarrierGroup) {
                        LOG.info("routes run on virtual threads carried by the HTTP event loops (loom carrier)");
                    } else {
                        LOG.debug("routes run on virtual threads carried by the JDK's carrier pool");
                    }
                });
    }
}
