package io.kfpoperator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.provider.simulated.FaultPlan;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The controller alone as the fault: its own JVM, SIGKILLed five times at seeded random points
 * while waves of Pipelines, RunConfigurations and Runs converge, started again each time. Nothing
 * on the platform may exist twice and everything must converge.
 */
class ControllerSigkillTest {

    @Test
    void killedControllersLeaveNoDuplicatesAndEverythingConverges() throws Exception {
        Map<String, Double> m = FaultsTargets.report(new FaultsScenario(new FaultsScenario.Plan(5, FaultPlan.NONE, 0, false, 0, false))
                .run(FaultsTargets.repository(), 10));

        assertThat(m.get("controller SIGKILLs")).isEqualTo(5);
        FaultsTargets.assertMet(m);
    }
}
