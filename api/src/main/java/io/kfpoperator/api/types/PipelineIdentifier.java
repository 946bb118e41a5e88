package io.kfpoperator.api.types;

import java.util.regex.Pattern;

/** A pipeline reference "name" or "name:version". {@code version} is empty when not fixed. */
public record PipelineIdentifier(String name, String version) {

    public static final Pattern PATTERN = Pattern.compile("^[\\w\\-]+(?::[\\w\\-_.]+)?$");

    public PipelineIdentifier {
        name = name == null ? "" : name;
        version = version == null ? "" : version;
    }

    public static PipelineIdentifier parse(String value) {
        if (value == null || !PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a pipeline reference: expected name or name:version"
                    + " (letters, digits, '_' and '-'; the version may also contain '.')");
        }
        int colon = value.indexOf(':');
        return colon < 0 ? new PipelineIdentifier(value, "") : new PipelineIdentifier(value.substring(0, colon), value.substring(colon + 1));
    }

    public boolean hasVersion() {
        return !version.isEmpty();
    }

    public PipelineIdentifier withVersion(String newVersion) {
        return new PipelineIdentifier(name, newVersion);
    }

    @Override
    public String toString() {
        return version.isEmpty() ? name : name + ":" + version;
    }
}
