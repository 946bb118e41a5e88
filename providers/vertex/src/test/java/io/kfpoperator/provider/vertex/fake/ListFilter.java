package io.kfpoperator.provider.vertex.fake;

import io.grpc.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of AIP-160 list filters the platform sends: terms joined by AND, each either one
 * comparison or a parenthesised OR of comparisons; comparisons are {@code field op "value"}.
 * Anything else is INVALID_ARGUMENT, as Vertex answers a filter it cannot parse, so the fake
 * catches a malformed filter instead of silently matching everything.
 */
final class ListFilter {

    private static final Pattern COMPARISON = Pattern.compile(
            "\\s*([a-z_][a-z0-9_.\\-]*)\\s*(>=|<=|!=|=|>|<)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");

    private record Comparison(String field, String op, String value) {
    }

    private final List<List<Comparison>> conjunction;

    private ListFilter(List<List<Comparison>> conjunction) {
        this.conjunction = conjunction;
    }

    static ListFilter parse(String filter) {
        List<List<Comparison>> terms = new ArrayList<>();
        if (filter == null || filter.isBlank()) {
            return new ListFilter(terms);
        }
        for (String term : splitTopLevel(filter, " AND ")) {
            String t = term.trim();
            List<Comparison> alternatives = new ArrayList<>();
            if (t.startsWith("(") && t.endsWith(")")) {
                for (String alternative : t.substring(1, t.length() - 1).split(" OR ")) {
                    alternatives.add(comparison(alternative, filter));
                }
            } else {
                alternatives.add(comparison(t, filter));
            }
            terms.add(alternatives);
        }
        return new ListFilter(terms);
    }

    /** {@code fields} gives a field's value on the resource, or null when it has none. */
    boolean matches(Function<String, String> fields) {
        for (List<Comparison> alternatives : conjunction) {
            boolean any = false;
            for (Comparison c : alternatives) {
                if (test(c, fields.apply(c.field()))) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static boolean test(Comparison c, String actual) {
        if (actual == null) {
            return c.op().equals("!=");
        }
        if (c.field().endsWith("_time")) {
            int cmp = Instant.parse(actual).compareTo(Instant.parse(c.value()));
            return switch (c.op()) {
                case "=" -> cmp == 0;
                case "!=" -> cmp != 0;
                case ">" -> cmp > 0;
                case ">=" -> cmp >= 0;
                case "<" -> cmp < 0;
                default -> cmp <= 0;
            };
        }
        return switch (c.op()) {
            case "=" -> actual.equals(c.value());
            case "!=" -> !actual.equals(c.value());
            default -> throw Status.INVALID_ARGUMENT.withDescription("operator " + c.op() + " is not supported for " + c.field())
                    .asRuntimeException();
        };
    }

    private static Comparison comparison(String text, String filter) {
        Matcher m = COMPARISON.matcher(text);
        if (!m.matches()) {
            throw Status.INVALID_ARGUMENT.withDescription("cannot parse filter '" + filter + "' at '" + text + "'")
                    .asRuntimeException();
        }
        String value = m.group(3).replace("\\\"", "\"").replace("\\\\", "\\");
        if (m.group(1).endsWith("_time")) {
            try {
                Instant.parse(value);
            } catch (RuntimeException e) {
                throw Status.INVALID_ARGUMENT.withDescription(m.group(1) + " must be RFC 3339, was " + value)
                        .asRuntimeException();
            }
        }
        return new Comparison(m.group(1), m.group(2), value);
    }

    private static List<String> splitTopLevel(String filter, String separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (c == '"' && (i == 0 || filter.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && filter.startsWith(separator, i)) {
                parts.add(filter.substring(start, i));
                start = i + separator.length();
                i = start - 1;
            }
        }
        parts.add(filter.substring(start));
        return parts;
    }
}
