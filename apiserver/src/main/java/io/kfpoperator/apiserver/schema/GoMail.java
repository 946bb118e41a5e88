package io.kfpoperator.apiserver.schema;

/**
 * Go's net/mail.ParseAddress, for whether a string is one address (the email format): an
 * addr-spec ({@code local@domain}, dot-atoms, quoted local parts, domain literals holding an IP),
 * optionally with a display name and angle brackets, comments, or a group of one address.
 * RFC 2047 encoded words are taken as plain words.
 */
final class GoMail {

    private String s;

    private GoMail(String s) {
        this.s = s;
    }

    /** mail.ParseAddress succeeds with a non-empty address. */
    static boolean parseAddress(String input) {
        GoMail p = new GoMail(input);
        try {
            int count = p.parseAddress(true);
            if (!p.skipCfws()) {
                return false;
            }
            return p.s.isEmpty() && count == 1;
        } catch (Failure e) {
            return false;
        }
    }

    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure() {
            super(null, null, false, false);
        }
    }

    /** Returns how many addresses were read. */
    private int parseAddress(boolean handleGroup) throws Failure {
        skipSpace();
        if (s.isEmpty()) {
            throw new Failure();
        }
        String saved = s;
        try {
            consumeAddrSpec();
            skipSpace();
            if (!s.isEmpty() && s.charAt(0) == '(') {
                consumeDisplayNameComment();
            }
            return 1;
        } catch (Failure e) {
            s = saved;
        }
        if (s.charAt(0) != '<') {
            consumePhrase();
        }
        skipSpace();
        if (handleGroup && consume(':')) {
            return consumeGroupList();
        }
        if (!consume('<')) {
            throw new Failure();
        }
        consumeAddrSpec();
        if (!consume('>')) {
            throw new Failure();
        }
        return 1;
    }

    private int consumeGroupList() throws Failure {
        int count = 0;
        skipSpace();
        if (consume(';')) {
            if (!skipCfws()) {
                throw new Failure();
            }
            return 0;
        }
        while (true) {
            skipSpace();
            count += parseAddress(false);
            if (!skipCfws()) {
                throw new Failure();
            }
            if (consume(';')) {
                if (!skipCfws()) {
                    throw new Failure();
                }
                return count;
            }
            if (!consume(',')) {
                throw new Failure();
            }
        }
    }

    private void consumeAddrSpec() throws Failure {
        String orig = s;
        try {
            skipSpace();
            if (s.isEmpty()) {
                throw new Failure();
            }
            if (s.charAt(0) == '"') {
                if (consumeQuotedString().isEmpty()) {
                    throw new Failure();
                }
            } else {
                consumeAtom(true, false);
            }
            if (!consume('@')) {
                throw new Failure();
            }
            skipSpace();
            if (s.isEmpty()) {
                throw new Failure();
            }
            if (s.charAt(0) == '[') {
                consumeDomainLiteral();
            } else {
                consumeAtom(true, false);
            }
        } catch (Failure e) {
            s = orig;
            throw e;
        }
    }

    private void consumePhrase() throws Failure {
        int words = 0;
        while (true) {
            if (words > 0 && !skipCfws()) {
                throw new Failure();
            }
            skipSpace();
            if (s.isEmpty()) {
                break;
            }
            try {
                if (s.charAt(0) == '"') {
                    consumeQuotedString();
                } else {
                    consumeAtom(true, true);
                }
            } catch (Failure e) {
                break;
            }
            words++;
        }
        if (words == 0) {
            throw new Failure();
        }
    }

    private String consumeAtom(boolean dot, boolean permissive) throws Failure {
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (!isAtext(cp, dot)) {
                break;
            }
            i += Character.charCount(cp);
        }
        if (i == 0) {
            throw new Failure();
        }
        String atom = s.substring(0, i);
        s = s.substring(i);
        if (!permissive && (atom.startsWith(".") || atom.contains("..") || atom.endsWith("."))) {
            throw new Failure();
        }
        return atom;
    }

    private String consumeQuotedString() throws Failure {
        int i = 1;
        StringBuilder out = new StringBuilder();
        boolean escaped = false;
        while (true) {
            if (i >= s.length()) {
                throw new Failure();
            }
            int cp = s.codePointAt(i);
            if (escaped) {
                if (!isVchar(cp) && !isWsp(cp)) {
                    throw new Failure();
                }
                out.appendCodePoint(cp);
                escaped = false;
            } else if (isQtext(cp) || isWsp(cp)) {
                out.appendCodePoint(cp);
            } else if (cp == '"') {
                break;
            } else if (cp == '\\') {
                escaped = true;
            } else {
                throw new Failure();
            }
            i += Character.charCount(cp);
        }
        s = s.substring(i + 1);
        return out.toString();
    }

    private void consumeDomainLiteral() throws Failure {
        if (!consume('[')) {
            throw new Failure();
        }
        StringBuilder dtext = new StringBuilder();
        while (true) {
            if (s.isEmpty()) {
                throw new Failure();
            }
            if (s.charAt(0) == ']') {
                break;
            }
            int cp = s.codePointAt(0);
            if (cp == '[' || cp == ']' || cp == '\\' || !isVchar(cp)) {
                throw new Failure();
            }
            dtext.appendCodePoint(cp);
            s = s.substring(Character.charCount(cp));
        }
        consume(']');
        if (Net.parseIp(dtext.toString()) == null) {
            throw new Failure();
        }
    }

    private void consumeDisplayNameComment() throws Failure {
        if (!consume('(') || !consumeComment()) {
            throw new Failure();
        }
    }

    private boolean skipCfws() {
        skipSpace();
        while (consume('(')) {
            if (!consumeComment()) {
                return false;
            }
            skipSpace();
        }
        return true;
    }

    /** After '(' : up to the matching ')', backslash escaping one character. */
    private boolean consumeComment() {
        int depth = 1;
        while (!s.isEmpty() && depth != 0) {
            if (s.charAt(0) == '\\' && s.length() > 1) {
                s = s.substring(1);
            } else if (s.charAt(0) == '(') {
                depth++;
            } else if (s.charAt(0) == ')') {
                depth--;
            }
            s = s.substring(1);
        }
        return depth == 0;
    }

    private void skipSpace() {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        s = s.substring(i);
    }

    private boolean consume(char c) {
        if (s.isEmpty() || s.charAt(0) != c) {
            return false;
        }
        s = s.substring(1);
        return true;
    }

    private static boolean isAtext(int cp, boolean dot) {
        if (cp == '.') {
            return dot;
        }
        if ("()<>[]:;@\\,\"".indexOf(cp) >= 0) {
            return false;
        }
        return isVchar(cp);
    }

    private static boolean isVchar(int cp) {
        return (cp >= '!' && cp <= '~') || cp >= 0x80;
    }

    private static boolean isQtext(int cp) {
        return cp != '\\' && cp != '"' && isVchar(cp);
    }

    private static boolean isWsp(int cp) {
        return cp == ' ' || cp == '\t';
    }
}
