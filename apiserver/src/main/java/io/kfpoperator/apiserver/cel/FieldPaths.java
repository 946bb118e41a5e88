package io.kfpoperator.apiserver.cel;

/**
 * kube-apiserver's ValidFieldPath for a rule's {@code fieldPath}: a JSON path of {@code .field} and
 * {@code ['field']} steps that must exist in the schema, normalized as kube-apiserver prints it (properties joined
 * by dots, map keys in brackets).
 */
final class FieldPaths {

    private FieldPaths() {
    }

    /** The normalized path relative to {@code schema}, or null when it does not name a field of the schema. */
    static String normalize(String jsonPath, StructuralSchema schema) {
        StringBuilder out = new StringBuilder();
        StructuralSchema s = schema;
        int i = 0;
        int n = jsonPath.length();
        while (i < n) {
            char c = jsonPath.charAt(i);
            String name;
            if (c == '.') {
                int end = i + 1;
                while (end < n && jsonPath.charAt(end) != '.' && jsonPath.charAt(end) != '[') {
                    end++;
                }
                name = jsonPath.substring(i + 1, end);
                if (name.isEmpty()) {
                    return null;
                }
                i = end;
            } else if (c == '[') {
                if (i + 1 >= n || jsonPath.charAt(i + 1) != '\'') {
                    return null;
                }
                StringBuilder lit = new StringBuilder();
                int j = i + 2;
                boolean closed = false;
                while (j < n) {
                    char d = jsonPath.charAt(j);
                    if (d == '\\' && j + 1 < n) {
                        char e = jsonPath.charAt(j + 1);
                        switch (e) {
                            case '\'', '\\' -> lit.append(e);
                            case 'n' -> lit.append('\n');
                            case 't' -> lit.append('\t');
                            case 'r' -> lit.append('\r');
                            default -> {
                                return null;
                            }
                        }
                        j += 2;
                        continue;
                    }
                    if (d == '\'') {
                        closed = true;
                        break;
                    }
                    lit.append(d);
                    j++;
                }
                if (!closed || j + 1 >= n || jsonPath.charAt(j + 1) != ']') {
                    return null;
                }
                name = lit.toString();
                i = j + 2;
            } else {
                return null;
            }
            if (s == null) {
                return null;
            }
            if (!s.properties.isEmpty()) {
                s = s.properties.get(name);
                if (s == null) {
                    return null;
                }
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(name);
            } else if (s.additionalProperties != null) {
                s = s.additionalProperties;
                out.append('[').append(name).append(']');
            } else {
                return null;
            }
        }
        return out.length() == 0 ? null : out.toString();
    }
}
