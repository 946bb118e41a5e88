package io.kfpoperator.providerservice.events;

import io.kfpoperator.provider.spi.FinishedRun;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * How far event delivery has got: every run that finished before {@code finishedAt} has been
 * delivered, and of those that finished exactly at {@code finishedAt}, the ones in {@code eventIds}.
 * Keeping the ids at the boundary instant is what lets a restart resume without re-sending an
 * acknowledged event or skipping one that finished in the same instant.
 */
public record Watermark(Instant finishedAt, Set<String> eventIds) {

    public Watermark {
        Objects.requireNonNull(finishedAt, "finishedAt");
        eventIds = Set.copyOf(eventIds);
    }

    /** Nothing delivered yet: every finished run the platform reports is due. */
    public static Watermark initial() {
        return new Watermark(Instant.EPOCH, Set.of());
    }

    public boolean covers(FinishedRun run) {
        return run.finishedAt().isBefore(finishedAt)
                || (run.finishedAt().equals(finishedAt) && eventIds.contains(run.event().eventId()));
    }

    /** The watermark after {@code run} was delivered (runs are delivered oldest first). */
    public Watermark after(FinishedRun run) {
        if (run.finishedAt().isAfter(finishedAt)) {
            return new Watermark(run.finishedAt(), Set.of(run.event().eventId()));
        }
        if (run.finishedAt().equals(finishedAt)) {
            Set<String> ids = new HashSet<>(eventIds);
            ids.add(run.event().eventId());
            return new Watermark(finishedAt, ids);
        }
        return this;
    }
}
