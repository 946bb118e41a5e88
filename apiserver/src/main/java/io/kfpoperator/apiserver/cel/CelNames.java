package io.kfpoperator.apiserver.cel;

import java.util.Optional;
import java.util.Set;

/** kube-apiserver's escaping of property names into CEL identifiers ({@code my-field} is {@code my__dash__field}). */
final class CelNames {

    private static final Set<String> RESERVED = Set.of(
            "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if",
            "import", "let", "loop", "package", "namespace", "return", "var", "void", "while");

    private CelNames() {
    }

    /** The CEL name of a property, or empty where kube-apiserver cannot expose it (the field is then left out). */
    static Optional<String> escape(String ident) {
        if (ident.isEmpty() || Character.isDigit(ident.charAt(0)) && ident.charAt(0) <= '9') {
            return Optional.empty();
        }
        if (RESERVED.contains(ident)) {
            return Optional.of("__" + ident + "__");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ident.length(); i++) {
            char c = ident.charAt(i);
            if (c == '_' && i + 1 < ident.length() && ident.charAt(i + 1) == '_') {
                out.append("__underscores__");
                i++;
            } else if (c == '.') {
                out.append("__dot__");
            } else if (c == '-') {
                out.append("__dash__");
            } else if (c == '/') {
                out.append("__slash__");
            } else if (c < 128 && (Character.isLetterOrDigit(c) || c == '_')) {
                out.append(c);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(out.toString());
    }
}
