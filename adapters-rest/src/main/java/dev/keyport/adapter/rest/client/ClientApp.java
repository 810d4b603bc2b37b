package dev.keyport.adapter.rest.client;

import dev.keyport.adapter.rest.error.RequestRejected;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The one app a Keyport serves ({@code keyport.app-id}): the check of the app id in client paths, and its domain id. */
public final class ClientApp {
    private final String appId;
    private final String domainId;

    public ClientApp(String appId) {
        this.appId = appId;
        this.domainId = domainIdOf(appId);
    }

    /** A path naming another app is a 404 {@code AppNotFound}. */
    public void require(String app) {
        if (!appId.equals(app)) {
            throw RequestRejected.appNotFound();
        }
    }

    /** The profile's {@code domain_id}. */
    public String domainId() {
        return domainId;
    }

    /**
     * 24 hex characters that stay the same for an app id (the first 12 bytes of SHA-256 over
     * {@code "domain:" + appId}). Nothing secret goes in, so it is a plain hash.
     */
    static String domainIdOf(String appId) {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256").digest(("domain:" + appId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
