package dev.keyport.bootstrap;

import dev.keyport.adapter.persistence.TestDatabase;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Base for tests of the fully wired server (REST + application + PostgreSQL adapter) on a fresh,
 * real PostgreSQL database per test class. Password hashing runs with few iterations here; the
 * production setting is tested in the hasher's own test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeyportServerTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    ProtocolClient client;

    @Override
    public Map<String, String> getProperties() {
        return KeyportTestServer.testProperties(TestDatabase.freshDatabase().micronautProperties());
    }

    @BeforeEach
    void client() {
        client = new ProtocolClient(server.getURL().toString());
    }

    static String uniqueEmail() {
        return "user-" + System.nanoTime() + "@example.org";
    }
}
