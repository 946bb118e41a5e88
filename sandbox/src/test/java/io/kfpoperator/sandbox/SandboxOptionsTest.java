package io.kfpoperator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxOptionsTest {

    @Test
    void completedRunsAreDeletedAfterTenMinutesByDefault() {
        assertThat(SandboxOptions.defaults().runTtl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void runTtlIsADurationOrOff() {
        assertThat(SandboxOptions.parseRunTtl("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(SandboxOptions.parseRunTtl("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(SandboxOptions.parseRunTtl("off")).isNull();
        assertThatThrownBy(() -> SandboxOptions.parseRunTtl("soon")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SandboxOptions.defaults().withRunTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--run-ttl");
    }

    @Test
    void formatWritesWhatTheFlagsAndTheControllerConfigurationRead() {
        assertThat(SandboxOptions.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(SandboxOptions.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(SandboxOptions.format(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(SandboxOptions.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(io.kfpoperator.api.types.GoDurations.parse(SandboxOptions.format(Duration.ofSeconds(3725))))
                .isEqualTo(Duration.ofSeconds(3725));
    }
}
