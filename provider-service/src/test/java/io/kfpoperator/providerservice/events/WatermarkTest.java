package io.kfpoperator.providerservice.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import io.kfpoperator.provider.spi.FinishedRun;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WatermarkTest {

    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void coversWhatFinishedBeforeAndTheIdsDeliveredAtItsInstant() {
        Watermark watermark = Watermark.initial().after(run("a", T)).after(run("b", T));

        assertThat(watermark.covers(run("a", T))).isTrue();
        assertThat(watermark.covers(run("b", T))).isTrue();
        assertThat(watermark.covers(run("c", T))).as("same instant, not yet delivered").isFalse();
        assertThat(watermark.covers(run("old", T.minusSeconds(1)))).isTrue();
        assertThat(watermark.covers(run("new", T.plusSeconds(1)))).isFalse();
    }

    @Test
    void movingToALaterInstantForgetsTheEarlierIds() {
        Watermark watermark = Watermark.initial().after(run("a", T)).after(run("b", T.plusSeconds(5)));

        assertThat(watermark.finishedAt()).isEqualTo(T.plusSeconds(5));
        assertThat(watermark.eventIds()).containsExactly("ns/p/b/succeeded");
    }

    @Test
    void storedWatermarkReadsBackTheSame(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        FileWatermarkStore store = new FileWatermarkStore(dir.resolve("sub/watermark.json"));
        Watermark watermark = Watermark.initial().after(run("a", T)).after(run("b", T));

        assertThat(store.load()).isEmpty();
        store.save(watermark);

        assertThat(new FileWatermarkStore(dir.resolve("sub/watermark.json")).load()).contains(watermark);
    }

    @Test
    void backoffDoublesFromInitialUpToMaxWithJitterBelowTheNominalDelay() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
        Random random = new Random(1);

        assertThat(backoff.delay(0, random)).isBetween(Duration.ofMillis(800), Duration.ofSeconds(1));
        assertThat(backoff.delay(1, random)).isBetween(Duration.ofMillis(1600), Duration.ofSeconds(2));
        assertThat(backoff.delay(3, random)).isBetween(Duration.ofMillis(6400), Duration.ofSeconds(8));
        assertThat(backoff.delay(30, random)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
    }

    private static FinishedRun run(String runId, Instant finishedAt) {
        return new FinishedRun(finishedAt, new RunCompletionEventData(RunCompletionStatus.SUCCEEDED, "ns/pipe", null,
                "ns/" + runId, runId, null, null, List.of(), "ns/p"));
    }
}
