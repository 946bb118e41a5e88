package io.kfpoperator.provider.vertex;

import com.google.api.gax.paging.Page;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the parts of Vertex's answers the platform depends on: resource names it hands on (as
 * ids, or into the next call), times it turns into instants, and list pages. What it cannot use
 * ends the call in a {@link VertexMalformedAnswerException} naming the call and the field.
 */
final class VertexAnswers {

    private static final int MAX_SHOWN = 80;

    private VertexAnswers() {
    }

    /** {@code name} when it is a resource of {@code collection} ("schedules") directly under {@code parent}. */
    static String resourceName(String name, String parent, String collection, String operation, String what) {
        String prefix = parent + "/" + collection + "/";
        if (name.startsWith(prefix) && name.length() > prefix.length() && name.indexOf('/', prefix.length()) < 0
                && name.length() <= prefix.length() + 128) {
            return name;
        }
        throw new VertexMalformedAnswerException(operation + ": Vertex answered " + what + " whose name is "
                + (name.isEmpty() ? "empty" : "'" + abbreviate(name) + "'") + ", not one of " + prefix + "*");
    }

    /** The instant of a set timestamp field, refused when outside what a protobuf Timestamp can hold (years 1 to 9999). */
    static Instant instant(Timestamp timestamp, String field, String operation, String what) {
        if (!Timestamps.isValid(timestamp)) {
            throw new VertexMalformedAnswerException(operation + ": Vertex answered " + what + " whose " + field
                    + " is not a valid timestamp (seconds " + timestamp.getSeconds() + ", nanos " + timestamp.getNanos() + ")");
        }
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    /**
     * Every item of a paged list, page by page from {@code first}; a next_page_token the list
     * already answered would make it go round for ever, so it ends the call.
     */
    static <T> void forEachItem(Page<T> first, String operation, Consumer<T> item) {
        Set<String> tokens = new HashSet<>();
        Page<T> page = first;
        while (true) {
            page.getValues().forEach(item);
            if (!page.hasNextPage()) {
                return;
            }
            String next = page.getNextPageToken();
            if (!tokens.add(next)) {
                throw new VertexMalformedAnswerException(operation + ": Vertex answered next_page_token '"
                        + abbreviate(next) + "' a second time: the list would never end");
            }
            page = page.getNextPage();
        }
    }

    static String abbreviate(String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "…";
    }
}
