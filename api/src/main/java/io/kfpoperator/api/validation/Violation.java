package io.kfpoperator.api.validation;

/** One broken rule: the field path (e.g. {@code spec.run.parameters[2]}) and a sentence a user understands. */
public record Violation(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
