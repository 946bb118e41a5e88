package io.kfpoperator.provider.kfp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of KFP's answers that the platform depends on. A field that is missing, of the
 * wrong JSON type or empty ends the call in a {@link KfpMalformedAnswerException} naming the call
 * and the field, instead of an empty id travelling on (into a status, or a URL of the next call).
 */
final class KfpAnswers {

    private static final int MAX_SHOWN = 80;

    private KfpAnswers() {
    }

    /**
     * The non-empty string {@code field} of {@code object}, which {@code operation} answered about
     * {@code what} ("a pipeline", "the created run").
     */
    static String text(JsonNode object, String field, String operation, String what) {
        JsonNode value = object.path(field);
        if (value.isMissingNode() || value.isNull()) {
            throw new KfpMalformedAnswerException("KFP " + operation + " answered " + what + " without " + field);
        }
        if (!value.isTextual()) {
            throw new KfpMalformedAnswerException("KFP " + operation + " answered " + what + " whose " + field
                    + " is " + describe(value) + ", not a string");
        }
        if (value.asText().isBlank()) {
            throw new KfpMalformedAnswerException("KFP " + operation + " answered " + what + " with an empty " + field);
        }
        return value.asText();
    }

    /**
     * The objects in list {@code field} of a list page; a page without the field lists nothing
     * (KFP leaves empty lists out).
     */
    static List<JsonNode> items(JsonNode page, String field, String operation) {
        JsonNode list = page.path(field);
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new KfpMalformedAnswerException("KFP " + operation + " answered " + field + " as "
                    + describe(list) + ", not a list");
        }
        List<JsonNode> items = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            if (!item.isObject()) {
                throw new KfpMalformedAnswerException("KFP " + operation + " answered an item of " + field
                        + " that is " + describe(item) + ", not an object");
            }
            items.add(item);
        }
        return items;
    }

    /** The next page's token ("" on the last page). */
    static String nextPageToken(JsonNode page, String operation) {
        JsonNode token = page.path("next_page_token");
        if (token.isMissingNode() || token.isNull()) {
            return "";
        }
        if (!token.isTextual()) {
            throw new KfpMalformedAnswerException("KFP " + operation + " answered next_page_token as "
                    + describe(token) + ", not a string");
        }
        return token.asText();
    }

    /** The JSON type and (shortened) value, for messages. */
    static String describe(JsonNode value) {
        String type = value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        String shown = value.toString();
        if (shown.length() > MAX_SHOWN) {
            shown = shown.substring(0, MAX_SHOWN) + "…";
        }
        return "the " + type + " " + shown;
    }
}
