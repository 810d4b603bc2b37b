package dev.keyport.adapter.persistence;

import dev.keyport.application.DrivenPorts;
import dev.keyport.application.WebhookRules;

/** The application's {@link WebhookRules} on PostgreSQL. */
class WebhookRulesOnPostgresTest extends WebhookRules {
    @Override
    protected DrivenPorts freshPorts() {
        return PostgresAdapters.shared().fresh();
    }
}
