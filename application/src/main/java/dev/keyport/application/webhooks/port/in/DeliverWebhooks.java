package dev.keyport.application.webhooks.port.in;

/** Makes the deliveries that are due; run on a schedule by every instance. */
public interface DeliverWebhooks {
    /** @return how many deliveries were attempted */
    int deliverDue();
}
