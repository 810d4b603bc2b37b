package dev.keyport.application.webhooks.port.in;

/** Announces keys expiring within the notice period, and keys that have expired; run on a schedule. */
public interface AnnounceKeyExpiries {
    /** @return how many announcements were made */
    int announce();
}
