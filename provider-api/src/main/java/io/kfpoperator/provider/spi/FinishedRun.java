package io.kfpoperator.provider.spi;

import io.kfpoperator.provider.events.RunCompletionEventData;
import java.time.Instant;

/** A run that finished on the platform, with the event to send for it. */
public record FinishedRun(Instant finishedAt, RunCompletionEventData event) {
}
