package io.kfpoperator.api.lifecycle;

import io.kfpoperator.api.v1beta1.Bounds;
import io.kfpoperator.api.v1beta1.Condition;
import io.kfpoperator.api.v1beta1.ConditionStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Reading and merging status conditions, the way Kubernetes' meta.SetStatusCondition does. */
public final class Conditions {

    public static final String SYNCHRONIZED = "Synchronized";
    /** Ours: False while a parameter cannot be resolved yet. */
    public static final String PARAMETERS_RESOLVED = "ParametersResolved";

    private Conditions() {
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty() : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static SynchronizationState synchronizationState(List<Condition> conditions) {
        return find(conditions, SYNCHRONIZED).map(c -> SynchronizationState.ofReason(c.getReason())).orElse(SynchronizationState.UNKNOWN);
    }

    public static String synchronizationMessage(List<Condition> conditions) {
        return find(conditions, SYNCHRONIZED).map(Condition::getMessage).orElse("");
    }

    public static Condition synchronizedCondition(SynchronizationState state, String message, Long observedGeneration, Instant now) {
        return new Condition()
                .withType(SYNCHRONIZED)
                .withStatus(state.conditionStatus())
                .withReason(state == SynchronizationState.UNKNOWN ? "Unknown" : state.reason())
                .withMessage(message == null ? "" : limited(message))
                .withObservedGeneration(observedGeneration)
                .withLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /**
     * The conditions with {@code update} set: an existing condition of the same type is replaced
     * only when reason, status, message or observed generation differ, and keeps its transition
     * time unless the status changed. The input list is not modified.
     */
    public static List<Condition> merge(List<Condition> conditions, Condition update) {
        List<Condition> merged = new ArrayList<>(conditions == null ? List.of() : conditions);
        for (int i = 0; i < merged.size(); i++) {
            Condition existing = merged.get(i);
            if (Objects.equals(existing.getType(), update.getType())) {
                boolean same = Objects.equals(existing.getReason(), update.getReason())
                        && Objects.equals(existing.getStatus(), update.getStatus())
                        && Objects.equals(existing.getMessage(), update.getMessage())
                        && Objects.equals(existing.getObservedGeneration(), update.getObservedGeneration());
                if (!same) {
                    Condition replacement = copy(update);
                    if (existing.getStatus() == update.getStatus() && existing.getLastTransitionTime() != null) {
                        replacement.setLastTransitionTime(existing.getLastTransitionTime());
                    }
                    merged.set(i, replacement);
                }
                return merged;
            }
        }
        merged.add(copy(update));
        return merged;
    }

    /** The conditions without any of {@code type}. */
    public static List<Condition> remove(List<Condition> conditions, String type) {
        List<Condition> kept = new ArrayList<>(conditions == null ? List.of() : conditions);
        kept.removeIf(c -> type.equals(c.getType()));
        return kept;
    }

    public static Condition condition(String type, ConditionStatus status, String reason, String message, Long observedGeneration, Instant now) {
        return new Condition().withType(type).withStatus(status).withReason(reason).withMessage(message == null ? null : limited(message))
                .withObservedGeneration(observedGeneration).withLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /**
     * The message shortened to Kubernetes' limit for condition messages (the CRDs' maxLength,
     * counted in characters as the API server counts them), ending in "…" when cut: a longer one
     * would make the API server reject the whole status update.
     */
    static String limited(String message) {
        int max = (int) Bounds.CONDITION_MESSAGE;
        if (message.length() <= max || message.codePointCount(0, message.length()) <= max) {
            return message;
        }
        return message.substring(0, message.offsetByCodePoints(0, max - 1)) + "\u2026";
    }

    private static Condition copy(Condition c) {
        return new Condition().withType(c.getType()).withStatus(c.getStatus()).withReason(c.getReason()).withMessage(c.getMessage())
                .withObservedGeneration(c.getObservedGeneration()).withLastTransitionTime(c.getLastTransitionTime());
    }
}
