package io.kfpoperator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code faults} scenario at a small N: with the controller SIGKILLed, provider calls failing,
 * losing their answers after the commit and hanging past the controller's timeout, API writes refused, watches expired, NATS and the
 * provider service restarted, everything still converges, once. These are correctness targets, so
 * they are asserted; the times it reports are not.
 */
class FaultsScenarioTest {

    @Test
    void everythingConvergesOnceUnderFaults() throws Exception {
        Map<String, Double> m = FaultsTargets.report(Bench.run(FaultsTargets.repository(), List.of("faults"), 6).measurements());

        // the faults did fire
        assertThat(m.get("controller SIGKILLs")).isEqualTo(3);
        assertThat(m.get("provider calls failed before commit (5xx)")).isPositive();
        assertThat(m.get("provider answers lost after commit")).isPositive();
        assertThat(m.get("provider calls hung past the controller's timeout")).isPositive();
        FaultsTargets.assertMet(m);
    }
}
