package io.kfpoperator.apiserver.cel;

import io.kfpoperator.apiserver.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code x-kubernetes-validations} of a CRD version that kube-apiserver would refuse when the CRD is created or
 * updated (rules that do not compile, are not boolean, use oldSelf where it cannot be correlated, ...), one
 * {@link FieldError} each, at the rule's schema path.
 */
public final class CelCompilationException extends RuntimeException {

    private final transient List<FieldError> errors;

    CelCompilationException(List<FieldError> errors) {
        super(message(errors));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** kube-apiserver aggregates several errors as {@code [a, b]}. */
    private static String message(List<FieldError> errors) {
        if (errors.size() == 1) {
            return errors.get(0).toString();
        }
        return errors.stream().map(FieldError::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
