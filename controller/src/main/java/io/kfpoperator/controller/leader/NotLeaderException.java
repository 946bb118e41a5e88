package io.kfpoperator.controller.leader;

/**
 * A write refused by the {@link LeaderFence}: this process's lease term ran out. Not the
 * resource's failure; the replica that holds the lease does the work.
 */
public final class NotLeaderException extends RuntimeException {
    public NotLeaderException(String message) {
        super(message);
    }
}
