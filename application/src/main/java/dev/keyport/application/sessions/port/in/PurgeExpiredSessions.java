package dev.keyport.application.sessions.port.in;

/**
 * Deletes the sessions whose refresh token has expired. They are already refused; this only keeps
 * the store from growing without end. Run periodically.
 */
public interface PurgeExpiredSessions {
    /** @return how many sessions were deleted */
    int purge();
}
