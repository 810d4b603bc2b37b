package dev.keyport.application.webhooks.port.in;

/** Makes the deliveries that are due, and forgets old finished ones; run on a schedule by every instance. */
public interface DeliverWebhooks {
    /** @return how many deliveries were attempted */
    int deliverDue();

    /** Removes deliveries delivered or given up longer ago than the retention period, with their attempts. */
    int pruneDone();
}
