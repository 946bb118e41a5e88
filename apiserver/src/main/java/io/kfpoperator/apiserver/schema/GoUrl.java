package io.kfpoperator.apiserver.schema;

/** Go's net/url.ParseRequestURI, for whether a string parses (the uri format). */
final class GoUrl {

    private GoUrl() {
    }

    private enum Mode { PATH, HOST, ZONE, USER_PASSWORD }

    static boolean parseRequestUri(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return false;
            }
        }
        if (raw.isEmpty()) {
            return false;
        }
        if (raw.equals("*")) {
            return true;
        }
        String scheme = "";
        String rest = raw;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    break;
                }
                continue;
            }
            if (c == ':') {
                if (i == 0) {
                    return false; // missing protocol scheme
                }
                scheme = raw.substring(0, i);
                rest = raw.substring(i + 1);
            }
            break;
        }
        int question = rest.indexOf('?');
        if (rest.endsWith("?") && question == rest.length() - 1) {
            rest = rest.substring(0, rest.length() - 1);
        } else if (question >= 0) {
            rest = rest.substring(0, question);
        }
        if (!rest.startsWith("/")) {
            // With a scheme, a rootless path is opaque; without one it is no request URI.
            return !scheme.isEmpty();
        }
        if (!scheme.isEmpty() && rest.startsWith("//")) {
            String authority = rest.substring(2);
            rest = "";
            int slash = authority.indexOf('/');
            if (slash >= 0) {
                rest = authority.substring(slash);
                authority = authority.substring(0, slash);
            }
            if (!parseAuthority(authority)) {
                return false;
            }
        }
        return unescape(rest, Mode.PATH);
    }

    private static boolean parseAuthority(String authority) {
        int at = authority.lastIndexOf('@');
        if (!parseHost(at < 0 ? authority : authority.substring(at + 1))) {
            return false;
        }
        if (at < 0) {
            return true;
        }
        String userinfo = authority.substring(0, at);
        for (int i = 0; i < userinfo.length(); i++) {
            char c = userinfo.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        int colon = userinfo.indexOf(':');
        if (colon < 0) {
            return unescape(userinfo, Mode.USER_PASSWORD);
        }
        return unescape(userinfo.substring(0, colon), Mode.USER_PASSWORD)
                && unescape(userinfo.substring(colon + 1), Mode.USER_PASSWORD);
    }

    private static boolean parseHost(String host) {
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0) {
                return false;
            }
            if (!validOptionalPort(host.substring(close + 1))) {
                return false;
            }
            int zone = host.substring(0, close).indexOf("%25");
            if (zone >= 0) {
                return unescape(host.substring(0, zone), Mode.HOST)
                        && unescape(host.substring(zone, close), Mode.ZONE)
                        && unescape(host.substring(close), Mode.HOST);
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && !validOptionalPort(host.substring(colon))) {
                return false;
            }
        }
        return unescape(host, Mode.HOST);
    }

    private static boolean validOptionalPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Go's unescape: well-formed %XX everywhere; in hosts only characters a host may have. */
    private static boolean unescape(String s, Mode mode) {
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                    return false;
                }
                if (mode == Mode.HOST && hex(s.charAt(i + 1)) < 8 && !s.startsWith("%25", i)) {
                    return false;
                }
                if (mode == Mode.ZONE) {
                    int v = hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2));
                    if (!s.startsWith("%25", i) && v != ' ' && shouldEscapeInHost((char) v)) {
                        return false;
                    }
                }
                i += 3;
            } else {
                if ((mode == Mode.HOST || mode == Mode.ZONE) && c < 0x80 && shouldEscapeInHost(c)) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    private static boolean shouldEscapeInHost(char c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return false;
        }
        return "!$&'()*+,;=:[]<>\"-_.~".indexOf(c) < 0;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
