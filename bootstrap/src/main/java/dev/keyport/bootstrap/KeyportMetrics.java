package dev.keyport.bootstrap;

import dev.keyport.adapter.persistence.PostgresStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/** Keyport's own meters (docs/operations.md#metrics), read from the composed graph and the store when scraped. */
@Factory
final class KeyportMetrics {
    @Singleton
    MeterBinder webhookMetrics(BeanProvider<Composition> composition) {
        // looked up when the meter is read, not when the registry is built (the store needs the pool, whose
        // meters need the registry)
        return registry -> FunctionCounter.builder(
                        "keyport.webhooks.dropped",
                        composition,
                        c -> c.get().events().dropped())
                .description("Webhook events not queued for an endpoint whose pending outbox was full")
                .register(registry);
    }

    // ---------------------------------------------------------------- metrics of the store

    /**
     * The PostgreSQL store's meters: the batch writers' backlog, failed flushes and dropped login events,
     * and the number of keys (one count query per scrape). The in-memory store has none of these.
     */
    @Singleton
    @Requires(property = "keyport.store", notEquals = "memory")
    MeterBinder storeMetrics(BeanProvider<PostgresStore> stores) {
        // the store is looked up when a meter is read, not when the registry is built: the pool's own
        // meters need the registry, and the store needs the pool
        return registry -> {
            writerMeters(registry, "last-used", () -> stores.get().usageWriter());
            writerMeters(registry, "audit", () -> stores.get().auditWriter());
            FunctionCounter.builder(
                            "keyport.audit.dropped",
                            stores,
                            s -> s.get().auditWriter().dropped())
                    .description("Login audit events dropped because too many were waiting")
                    .register(registry);
            Gauge.builder("keyport.api.keys", stores, s -> s.get().keyCounts().userKeys())
                    .tag("kind", "user")
                    .description("API keys that exist now")
                    .register(registry);
            Gauge.builder("keyport.api.keys", stores, s -> s.get().keyCounts().serverKeys())
                    .tag("kind", "server")
                    .description("API keys that exist now")
                    .register(registry);
            Gauge.builder(
                            "keyport.key.view.in.step",
                            stores,
                            s -> s.get().keyView().inStep() ? 1 : 0)
                    .description("1 while the key view's heartbeat notifications come back (key logins may be answered "
                            + "from memory), 0 while every key login and refresh reads PostgreSQL")
                    .register(registry);
            FunctionCounter.builder(
                            "keyport.key.view.lookups",
                            stores,
                            s -> s.get().keyView().answeredFromView())
                    .tag("answered", "view")
                    .description("Key lookups of key logins and refreshes, by who answered")
                    .register(registry);
            FunctionCounter.builder(
                            "keyport.key.view.lookups",
                            stores,
                            s -> s.get().keyView().askedDatabase())
                    .tag("answered", "database")
                    .description("Key lookups of key logins and refreshes, by who answered")
                    .register(registry);
        };
    }

    private static void writerMeters(
            MeterRegistry registry, String writer, Supplier<PostgresStore.WriterBacklog> backlog) {
        Gauge.builder("keyport.batch.pending", backlog, b -> b.get().pending())
                .description("Writes waiting in a batch writer")
                .tag("writer", writer)
                .register(registry);
        FunctionCounter.builder(
                        "keyport.batch.failed.flushes", backlog, b -> b.get().failedFlushes())
                .description("Batch writes that failed (and are retried)")
                .tag("writer", writer)
                .register(registry);
    }

    /**
     * With {@code MICRONAUT_METRICS_ENABLED=false} Micronaut makes no registry, and Keyport's own meters would
     * have nothing to register with (every request failed on it): an empty composite registry, whose meters do
     * nothing, stands in.
     */
    @Singleton
    @Requires(property = "micronaut.metrics.enabled", value = "false")
    MeterRegistry noMetrics() {
        return new io.micrometer.core.instrument.composite.CompositeMeterRegistry();
    }
}
