package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.spi.OperationNotSupportedException;
import io.kfpoperator.provider.spi.ResourceNotFoundException;
import org.junit.jupiter.api.Test;

class KfpExperimentsTest extends FakeKfpTestBase {

    @Test
    void createIsIdempotentByName() {
        String first = platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", "first"));
        String second = platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", "first"));

        assertThat(second).isEqualTo(first);
        assertThat(kfp.experiments()).singleElement().satisfies(e -> {
            assertThat(e.get("display_name").asText()).isEqualTo("ns-exp");
            assertThat(e.get("description").asText()).isEqualTo("first");
        });
    }

    @Test
    void updateThatKeepsTheDescriptionKeepsTheExperimentAndItsId() {
        String id = platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", "first"));

        String updated = platform.updateExperiment(id, new ExperimentDefinition("ns/exp", "v2", "first"));

        assertThat(updated).isEqualTo(id);
        assertThat(kfp.experiments()).singleElement().satisfies(e -> {
            assertThat(e.get("experiment_id").asText()).isEqualTo(id);
            assertThat(e.get("description").asText()).isEqualTo("first");
        });
    }

    @Test
    void updateThatChangesTheDescriptionIsReportedAndChangesNothing() {
        String id = platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", "first"));

        assertThatThrownBy(() -> platform.updateExperiment(id, new ExperimentDefinition("ns/exp", "v2", "second")))
                .isInstanceOfSatisfying(OperationNotSupportedException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(501))
                .hasMessageContaining("ns-exp")
                .hasMessageContaining("description");
        assertThat(kfp.experiments()).singleElement().satisfies(e -> {
            assertThat(e.get("experiment_id").asText()).isEqualTo(id);
            assertThat(e.get("description").asText()).isEqualTo("first");
        });
    }

    @Test
    void createThatLosesARaceAdoptsTheExperimentThatWon() {
        // Another client creates the experiment between our lookup and our create: KFP answers 409.
        String[] winner = new String[1];
        kfp.beforeNext("POST", "/apis/v2beta1/experiments", () -> winner[0] = kfp.insertExperiment("ns-exp", "theirs"));

        String id = platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", "ours"));

        assertThat(winner[0]).isNotNull();
        assertThat(id).isEqualTo(winner[0]);
        assertThat(kfp.experiments()).hasSize(1);
    }

    @Test
    void aDuplicateNameAnsweredWithAnother4xxIsAdoptedToo() {
        String[] winner = new String[1];
        kfp.beforeNext("POST", "/apis/v2beta1/experiments", () -> winner[0] = kfp.insertExperiment("ns-exp", "theirs"));
        kfp.failNext("POST", "/apis/v2beta1/experiments", 1, 400, 3, "The name ns/exp already exist");

        assertThat(platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", "ours"))).isEqualTo(winner[0]);
        assertThat(kfp.experiments()).hasSize(1);
    }

    @Test
    void updateOfAnUnknownExperimentIsNotFound() {
        assertThatThrownBy(() -> platform.updateExperiment("missing", new ExperimentDefinition("ns/exp", "v2", "")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void deleteRemovesItAndToleratesRepeats() {
        String id = platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", ""));

        platform.deleteExperiment(id);
        platform.deleteExperiment(id);

        assertThat(kfp.experiments()).isEmpty();
    }
}
