package io.kfpoperator.api.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.api.v1beta1.Bounds;
import io.kfpoperator.api.v1beta1.Condition;
import io.kfpoperator.api.v1beta1.ConditionStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-01T00:05:00Z");

    @Test
    void synchronizedConditionCarriesStateAsReason() {
        Condition c = Conditions.synchronizedCondition(SynchronizationState.FAILED, "boom", 3L, T1);
        assertThat(c.getReason()).isEqualTo("Failed");
        assertThat(c.getStatus()).isEqualTo(ConditionStatus.FALSE);
        assertThat(c.getObservedGeneration()).isEqualTo(3L);
        assertThat(Conditions.synchronizationState(List.of(c))).isEqualTo(SynchronizationState.FAILED);
    }

    @Test
    void unchangedConditionIsNotRewritten() {
        List<Condition> first = Conditions.merge(null, Conditions.synchronizedCondition(SynchronizationState.SUCCEEDED, "", 1L, T1));
        List<Condition> again = Conditions.merge(first, Conditions.synchronizedCondition(SynchronizationState.SUCCEEDED, "", 1L, T2));
        assertThat(again).isEqualTo(first);
    }

    @Test
    void transitionTimeMovesOnlyWhenStatusChanges() {
        List<Condition> creating = Conditions.merge(null, Conditions.synchronizedCondition(SynchronizationState.CREATING, "", 1L, T1));
        List<Condition> retrying = Conditions.merge(creating, Conditions.synchronizedCondition(SynchronizationState.UPDATING, "503", 1L, T2));
        assertThat(retrying.get(0).getLastTransitionTime()).isEqualTo(T1.toString());
        List<Condition> done = Conditions.merge(retrying, Conditions.synchronizedCondition(SynchronizationState.SUCCEEDED, "", 1L, T2));
        assertThat(done.get(0).getLastTransitionTime()).isEqualTo(T2.toString());
        assertThat(done).hasSize(1);
    }

    @Test
    void messagesAreShortenedToTheCrdsMaxLength() {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units: the API server counts characters
        String atLimit = emoji.repeat((int) Bounds.CONDITION_MESSAGE);
        assertThat(Conditions.synchronizedCondition(SynchronizationState.FAILED, atLimit, 1L, T1).getMessage()).isEqualTo(atLimit);

        String message = Conditions.condition(Conditions.PARAMETERS_RESOLVED, ConditionStatus.FALSE, "DependencyNotReady",
                atLimit + "x", 1L, T1).getMessage();
        assertThat(message.codePointCount(0, message.length())).isEqualTo(Bounds.CONDITION_MESSAGE);
        assertThat(message).startsWith(emoji.repeat(100)).endsWith(emoji + "\u2026");
        assertThat(Conditions.synchronizedCondition(SynchronizationState.FAILED, null, 1L, T1).getMessage()).isEmpty();
    }

    @Test
    void reasonsParseCaseInsensitively() {
        assertThat(SynchronizationState.ofReason("succeeded")).isEqualTo(SynchronizationState.SUCCEEDED);
        assertThat(SynchronizationState.ofReason("nonsense")).isEqualTo(SynchronizationState.UNKNOWN);
        assertThat(SynchronizationState.ofReason(null)).isEqualTo(SynchronizationState.UNKNOWN);
    }
}
