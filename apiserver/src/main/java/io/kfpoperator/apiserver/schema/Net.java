package io.kfpoperator.apiserver.schema;

/**
 * Go's IP, CIDR and MAC parsing as the formats ipv4, ipv6, cidr and mac use it: net.ParseIP
 * (strict: no leading zeros, no zones) and k8s.io/utils/net's "sloppy" parsers (Go 1.16's, which
 * accept leading zeros).
 */
final class Net {

    private Net() {
    }

    /** Go's net.ParseIP: 4 or 16 bytes, or null. */
    static byte[] parseIp(String s) {
        return parse(s, false);
    }

    /** k8s.io/utils/net's ParseIPSloppy. */
    static byte[] parseIpSloppy(String s) {
        return parse(s, true);
    }

    private static byte[] parse(String s, boolean sloppy) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                return parseIpv4(s, sloppy);
            }
            if (c == ':') {
                return parseIpv6(s, sloppy);
            }
            if (c == '%' && !sloppy) {
                return null;
            }
        }
        return null;
    }

    static byte[] parseIpv4(String s, boolean sloppy) {
        byte[] ip = new byte[4];
        int pos = 0;
        for (int i = 0; i < 4; i++) {
            if (pos >= s.length()) {
                return null;
            }
            if (i > 0) {
                if (s.charAt(pos) != '.') {
                    return null;
                }
                pos++;
            }
            int start = pos;
            int n = 0;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                n = n * 10 + (s.charAt(pos) - '0');
                pos++;
                if (n >= 0xFFFFFF) {
                    return null;
                }
                if (!sloppy && pos - start > 3) {
                    return null;
                }
            }
            int digits = pos - start;
            if (digits == 0 || n > 0xFF) {
                return null;
            }
            if (!sloppy && digits > 1 && s.charAt(start) == '0') {
                // netip: "IPv4 field has octet with leading zero"
                return null;
            }
            ip[i] = (byte) n;
        }
        return pos == s.length() ? ip : null;
    }

    static byte[] parseIpv6(String s, boolean sloppy) {
        byte[] ip = new byte[16];
        int ellipsis = -1;
        int pos = 0;
        if (s.length() >= 2 && s.charAt(0) == ':' && s.charAt(1) == ':') {
            ellipsis = 0;
            pos = 2;
            if (pos == s.length()) {
                return ip;
            }
        }
        int i = 0;
        while (i < 16) {
            int start = pos;
            int n = 0;
            while (pos < s.length() && Character.digit(s.charAt(pos), 16) >= 0 && s.charAt(pos) < 0x80) {
                n = (n << 4) + Character.digit(s.charAt(pos), 16);
                pos++;
                if (!sloppy && pos - start > 4) {
                    return null;
                }
                if (n >= 0xFFFFFF) {
                    return null;
                }
            }
            if (pos == start || n > 0xFFFF) {
                return null;
            }
            if (pos < s.length() && s.charAt(pos) == '.') {
                if (ellipsis < 0 && i != 12) {
                    return null;
                }
                if (i + 4 > 16) {
                    return null;
                }
                byte[] v4 = parseIpv4(s.substring(start), sloppy);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, ip, i, 4);
                i += 4;
                pos = s.length();
                break;
            }
            ip[i] = (byte) (n >> 8);
            ip[i + 1] = (byte) n;
            i += 2;
            if (pos == s.length()) {
                break;
            }
            if (s.charAt(pos) != ':' || pos + 1 == s.length()) {
                return null;
            }
            pos++;
            if (s.charAt(pos) == ':') {
                if (ellipsis >= 0) {
                    return null;
                }
                ellipsis = i;
                pos++;
                if (pos == s.length()) {
                    break;
                }
            }
        }
        if (pos != s.length()) {
            return null;
        }
        if (i < 16) {
            if (ellipsis < 0) {
                return null;
            }
            int n = 16 - i;
            for (int j = i - 1; j >= ellipsis; j--) {
                ip[j + n] = ip[j];
            }
            for (int j = ellipsis + n - 1; j >= ellipsis; j--) {
                ip[j] = 0;
            }
        } else if (ellipsis >= 0) {
            return null;
        }
        return ip;
    }

    /** k8s.io/utils/net's ParseCIDRSloppy succeeds. */
    static boolean isCidrSloppy(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String addr = s.substring(0, slash);
        String mask = s.substring(slash + 1);
        int bits = 32;
        byte[] ip = parseIpv4(addr, true);
        if (ip == null) {
            bits = 128;
            ip = parseIpv6(addr, true);
        }
        if (ip == null || mask.isEmpty()) {
            return false;
        }
        int n = 0;
        for (int i = 0; i < mask.length(); i++) {
            char c = mask.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            n = n * 10 + (c - '0');
            if (n >= 0xFFFFFF) {
                return false;
            }
        }
        return n <= bits;
    }

    /** Go's net.ParseMAC succeeds: 6, 8 or 20 octets as xx:xx:.., xx-xx-.. or xxxx.xxxx... */
    static boolean isMac(String s) {
        if (s.length() < 14) {
            return false;
        }
        if (s.charAt(2) == ':' || s.charAt(2) == '-') {
            if ((s.length() + 1) % 3 != 0) {
                return false;
            }
            int n = (s.length() + 1) / 3;
            if (n != 6 && n != 8 && n != 20) {
                return false;
            }
            char sep = s.charAt(2);
            for (int x = 0, i = 0; i < n; i++, x += 3) {
                if (!hexPair(s, x, sep)) {
                    return false;
                }
            }
            return true;
        }
        if (s.charAt(4) == '.') {
            if ((s.length() + 1) % 5 != 0) {
                return false;
            }
            int n = 2 * (s.length() + 1) / 5;
            if (n != 6 && n != 8 && n != 20) {
                return false;
            }
            for (int x = 0, i = 0; i < n; i += 2, x += 5) {
                if (!hexPair(s.substring(0, x + 2), x, (char) 0) || !hexPair(s, x + 2, '.')) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Go's xtoi2: two hex digits at x, followed by the separator unless at the end. */
    private static boolean hexPair(String s, int x, char separator) {
        if (x + 2 > s.length()) {
            return false;
        }
        if (s.length() > x + 2 && s.charAt(x + 2) != separator) {
            return false;
        }
        return isHex(s.charAt(x)) && isHex(s.charAt(x + 1));
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
