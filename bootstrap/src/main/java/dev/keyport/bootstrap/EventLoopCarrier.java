package dev.keyport.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.netty.channel.EventLoopGroupConfiguration;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.micronaut.http.netty.channel.loom.LoomCarrierGroup;
import io.micronaut.http.netty.channel.loom.PrivateLoomSupport;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in, {@code KEYPORT_HTTP_LOOM_CARRIER=true}: the virtual threads that run Keyport's routes are carried by the
 * HTTP event loop that read the request (Micronaut's loom carrier), instead of the JDK's own carrier pool, so an
 * answer is written without handing it from one thread to another. Measured in paired runs (docs/performance.md,
 * issue 25, fourth stop): 6 to 10 % less server CPU per request on the HTTP ceiling, key login and refresh; the ratios
 * between them unchanged.
 *
 * <p>Off by default, for three reasons. Micronaut 4.10 marks the carrier experimental, "subject to change even in
 * patch releases". It works only when the JVM opens {@code java.lang} to the class path
 * ({@code --add-opens=java.base/java.lang=ALL-UNNAMED}, which {@code ./keyport} adds when the setting is on), and that
 * is as good as switching off the JDK's strong encapsulation for the whole class path: with {@code java.lang} open,
 * any library can open every other package of {@code java.base} to itself. And a route's virtual thread that blocks
 * where it cannot step aside (writing a log line to a stalled stdout reader, native code) then holds the event loop
 * and every connection on it, where the JDK's own pool would add a carrier (docs/security.md). It also needs JDK 24
 * or later (JEP 491), where blocking inside {@code synchronized} no longer holds the carrier. When the setting is on
 * but the JVM does not allow it, Keyport says why once and runs as it does by default; any value but exactly
 * {@code true} or {@code false} stops the start.
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
     * {@code true} and {@code whyNot} (asked only then) gives no reason against it, else none. The value is read
     * exactly, as {@code ./keyport} reads it to add the JVM option: {@code "true "} is not {@code true}.
     *
     * @throws IllegalArgumentException when the value is neither {@code true} nor {@code false} (nor empty)
     */
    static Map<String, Object> properties(String setting, Supplier<Optional<String>> whyNot) {
        switch (setting) {
            case "", "false" -> {
                return Map.of();
            }
            case "true" -> {
                Optional<String> reason = whyNot.get();
                if (reason.isPresent()) {
                    LOG.warn(
                            "KEYPORT_HTTP_LOOM_CARRIER=true, but {}: virtual threads stay on the JDK's carrier pool",
                            reason.get());
                    return Map.of();
                }
                return Map.of(PROPERTY, true);
            }
            default ->
                throw new IllegalArgumentException(
                        "KEYPORT_HTTP_LOOM_CARRIER must be true or false, not '" + setting + "'");
        }
    }

    /**
     * Why this JVM cannot carry the routes on the event loops, or empty when it can. Before JDK 24 a virtual thread
     * that blocks inside {@code synchronized} stays on its carrier (JEP 491 ended that), and Keyport has such blocks
     * around database reads: on the event loops that would stall every connection of the loop.
     */
    static Optional<String> whyNot() {
        return whyNot(
                Runtime.version().feature(),
                Thread.class.getModule().isOpen("java.lang", EventLoopCarrier.class.getModule()));
    }

    static Optional<String> whyNot(int javaFeatureVersion, boolean javaLangOpen) {
        if (javaFeatureVersion < 24) {
            return Optional.of("it needs JDK 24 or later (this is " + javaFeatureVersion + ")");
        }
        if (!javaLangOpen) {
            return Optional.of("the JVM does not open java.lang to Keyport (" + JVM_OPTION + ")");
        }
        if (!PrivateLoomSupport.isSupported()) {
            return Optional.of("Micronaut cannot reach this JDK's virtual thread internals");
        }
        return Optional.empty();
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
