package dev.keyport.adapter.schedule;

import dev.keyport.application.accounts.port.in.DeliverMails;
import dev.keyport.application.accounts.port.in.PrepareAccountMails;
import dev.keyport.application.sessions.port.in.PurgeExpiredSessions;
import dev.keyport.application.signingkeys.port.in.RotateAccessTokenKey;
import dev.keyport.application.webhooks.port.in.AnnounceKeyExpiries;
import dev.keyport.application.webhooks.port.in.DeliverWebhooks;

/**
 * The use cases the schedules run, one per schedule, handed over by the composition root (as {@code Routes} is
 * to the controllers): which schedule calls what is stated where this record is built.
 */
public record Jobs(
        PurgeExpiredSessions purgeSessions,
        AnnounceKeyExpiries announceKeyExpiries,
        RotateAccessTokenKey rotateSigningKey,
        DeliverWebhooks deliverWebhooks,
        PrepareAccountMails prepareAccountMails,
        DeliverMails deliverMails) {}
