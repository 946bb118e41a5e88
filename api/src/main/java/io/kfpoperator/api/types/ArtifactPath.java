package io.kfpoperator.api.types;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an output artifact is found in a finished run: "component:artifact[:index][[filter]]".
 * The index defaults to 0; the filter is a boolean expression over the artifact's metadata.
 */
public record ArtifactPath(String component, String artifact, int index, String filter) {

    public static final Pattern PATTERN =
            Pattern.compile("^([^\\[\\]:]+):([^\\[\\]:]+)(?::(\\d*))?(?:\\[([^\\[\\]:]+)\\])?$");

    public ArtifactPath {
        filter = filter == null ? "" : filter;
    }

    public static ArtifactPath parse(String value) {
        Matcher m = value == null ? null : PATTERN.matcher(value);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not an artifact path: expected component:artifact[:index][[filter]]");
        }
        int index = 0;
        if (m.group(3) != null && !m.group(3).isEmpty()) {
            try {
                index = Integer.parseInt(m.group(3));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' has an artifact index that is too large");
            }
        }
        return new ArtifactPath(m.group(1), m.group(2), index, m.group(4));
    }

    /** The canonical form, which always carries the index: "component:artifact:index[filter]". */
    @Override
    public String toString() {
        return component + ":" + artifact + ":" + index + (filter.isEmpty() ? "" : "[" + filter + "]");
    }
}
