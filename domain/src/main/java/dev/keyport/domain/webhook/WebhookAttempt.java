package dev.keyport.domain.webhook;

import java.time.Instant;
import java.util.Optional;

/** One attempt at a delivery: when, and what came back (an HTTP status, or the error that stood in for one). */
public record WebhookAttempt(int number, Instant at, Optional<Integer> status, Optional<String> error) {}
