package io.kfpoperator.apiserver.selection;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A label selector in the syntax kube-apiserver parses: equality ({@code a=b}, {@code a==b},
 * {@code a!=b}), sets ({@code a in (x,y)}, {@code a notin (x)}), existence ({@code a},
 * {@code !a}), joined by commas (AND).
 */
public record LabelSelector(List<Requirement> requirements) {

    public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    public record Requirement(String key, Operator operator, Set<String> values) {
        boolean matches(JsonNode labels) {
            JsonNode value = labels.get(key);
            boolean present = value != null && !value.isNull();
            String text = present ? value.asText() : null;
            return switch (operator) {
                case EXISTS -> present;
                case DOES_NOT_EXIST -> !present;
                case EQUALS, IN -> present && values.contains(text);
                // As kube: a missing label satisfies != and notin.
                case NOT_EQUALS, NOT_IN -> !present || !values.contains(text);
            };
        }
    }

    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    /** Parses {@code selector}; throws {@link IllegalArgumentException} with kube-apiserver's wording for a malformed one. */
    public static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String term : splitTerms(selector)) {
            requirements.add(requirement(term.trim(), selector));
        }
        return new LabelSelector(List.copyOf(requirements));
    }

    public boolean matches(JsonNode object) {
        JsonNode labels = object.path("metadata").path("labels");
        for (Requirement requirement : requirements) {
            if (!requirement.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Commas separate terms, except inside the parentheses of a set. */
    private static List<String> splitTerms(String selector) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms;
    }

    private static Requirement requirement(String term, String selector) {
        if (term.isEmpty()) {
            throw new IllegalArgumentException("found '', expected: identifier after ','" + " in label selector \"" + selector + "\"");
        }
        java.util.regex.Matcher set = java.util.regex.Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(term);
        if (set.matches()) {
            Set<String> values = new LinkedHashSet<>();
            for (String value : set.group(3).split(",")) {
                if (!value.trim().isEmpty()) {
                    values.add(checkedValue(value.trim()));
                }
            }
            if (values.isEmpty() && set.group(2).equals("in")) {
                throw new IllegalArgumentException("for 'in', 'notin' operators, values set can't be empty");
            }
            return new Requirement(checkedKey(set.group(1)), set.group(2).equals("in") ? Operator.IN : Operator.NOT_IN, Set.copyOf(values));
        }
        int ne = term.indexOf("!=");
        if (ne > 0) {
            return new Requirement(checkedKey(term.substring(0, ne).trim()), Operator.NOT_EQUALS, Set.of(checkedValue(term.substring(ne + 2).trim())));
        }
        int eq = term.indexOf('=');
        if (eq > 0) {
            int valueStart = term.startsWith("==", eq) ? eq + 2 : eq + 1;
            return new Requirement(checkedKey(term.substring(0, eq).trim()), Operator.EQUALS, Set.of(checkedValue(term.substring(valueStart).trim())));
        }
        if (term.startsWith("!")) {
            return new Requirement(checkedKey(term.substring(1).trim()), Operator.DOES_NOT_EXIST, Set.of());
        }
        return new Requirement(checkedKey(term), Operator.EXISTS, Set.of());
    }

    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile(
            "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");
    private static final java.util.regex.Pattern VALUE = java.util.regex.Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$");

    private static String checkedKey(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("unable to parse requirement: invalid label key \"" + key
                    + "\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
        }
        return key;
    }

    private static String checkedValue(String value) {
        if (!VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("unable to parse requirement: invalid label value: \"" + value
                    + "\": at key: must be no more than 63 characters, and must consist of alphanumeric characters, '-', '_' or '.', "
                    + "and must start and end with an alphanumeric character");
        }
        return value;
    }
}
