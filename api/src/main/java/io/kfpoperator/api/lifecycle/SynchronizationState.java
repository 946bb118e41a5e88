package io.kfpoperator.api.lifecycle;

import io.kfpoperator.api.v1beta1.ConditionStatus;
import java.util.Locale;

/**
 * Where a resource is in its synchronisation with the platform. Stored as the reason of the
 * {@code Synchronized} condition (there is no status field for it in v1beta1).
 */
public enum SynchronizationState {
    UNKNOWN(""),
    CREATING("Creating"),
    SUCCEEDED("Succeeded"),
    UPDATING("Updating"),
    DELETING("Deleting"),
    DELETED("Deleted"),
    FAILED("Failed");

    private final String reason;

    SynchronizationState(String reason) {
        this.reason = reason;
    }

    /** The condition reason, e.g. "Succeeded"; empty for UNKNOWN. */
    public String reason() {
        return reason;
    }

    /** Parses a condition reason case-insensitively; anything else is UNKNOWN. */
    public static SynchronizationState ofReason(String reason) {
        if (reason == null) {
            return UNKNOWN;
        }
        for (SynchronizationState state : values()) {
            if (state != UNKNOWN && state.reason.toLowerCase(Locale.ROOT).equals(reason.toLowerCase(Locale.ROOT))) {
                return state;
            }
        }
        return UNKNOWN;
    }

    /** True for Succeeded and Deleted, False for Failed, Unknown while in flight. */
    public ConditionStatus conditionStatus() {
        return switch (this) {
            case SUCCEEDED, DELETED -> ConditionStatus.TRUE;
            case FAILED -> ConditionStatus.FALSE;
            default -> ConditionStatus.UNKNOWN;
        };
    }
}
