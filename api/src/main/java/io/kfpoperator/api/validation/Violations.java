package io.kfpoperator.api.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** Collects violations while walking a resource; paths are built from nested {@link #at} calls. */
public final class Violations {

    private final List<Violation> found;
    private final String prefix;

    public Violations() {
        this(new ArrayList<>(), "");
    }

    private Violations(List<Violation> found, String prefix) {
        this.found = found;
        this.prefix = prefix;
    }

    /** A view whose paths are below {@code field} ("spec", "run", "parameters[2]" …). */
    public Violations at(String field) {
        return new Violations(found, prefix.isEmpty() ? field : prefix + "." + field);
    }

    public Violations at(String field, int index) {
        return at(field + "[" + index + "]");
    }

    /** Records a violation of the field this view points at. */
    public void add(String message) {
        found.add(new Violation(prefix, message));
    }

    /** Records a violation of a field below this view. */
    public void add(String field, String message) {
        at(field).add(message);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<Violation> list() {
        return Collections.unmodifiableList(found);
    }

    /** All violations, one per line, in the order found. */
    public String describe() {
        return found.stream().map(Violation::toString).collect(Collectors.joining("\n"));
    }
}
