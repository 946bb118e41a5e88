package io.kfpoperator.api.validation;

import java.util.List;
import java.util.stream.Collectors;

/** A resource breaks one or more rules; the message lists every violation with its field path. */
public class InvalidResourceException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidResourceException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
