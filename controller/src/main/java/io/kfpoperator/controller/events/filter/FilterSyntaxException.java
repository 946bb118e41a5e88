package io.kfpoperator.controller.events.filter;

/** An artifact filter that does not follow the grammar of {@link ArtifactFilter}; the message names the position. */
public final class FilterSyntaxException extends IllegalArgumentException {

    public FilterSyntaxException(String expression, int position, String problem) {
        super("filter '" + expression + "' at position " + position + ": " + problem);
    }
}
