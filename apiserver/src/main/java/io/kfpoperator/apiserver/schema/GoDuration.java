package io.kfpoperator.apiserver.schema;

import java.math.BigInteger;
import java.util.Map;

/** Go's time.ParseDuration, for whether a string parses: [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+ within int64 nanoseconds. */
final class GoDuration {

    private GoDuration() {
    }

    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(63);

    static boolean valid(String s) {
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return true;
        }
        if (s.isEmpty()) {
            return false;
        }
        BigInteger total = BigInteger.ZERO;
        int pos = 0;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                return false;
            }
            int start = pos;
            BigInteger v = BigInteger.ZERO;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                v = v.multiply(BigInteger.TEN).add(BigInteger.valueOf(s.charAt(pos) - '0'));
                if (v.compareTo(LIMIT) > 0) {
                    return false;
                }
                pos++;
            }
            boolean pre = pos != start;
            boolean post = false;
            double fraction = 0;
            double scale = 1;
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                int fracStart = pos;
                boolean overflow = false;
                long f = 0;
                while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                    if (!overflow) {
                        if (f > (Long.MAX_VALUE - 9) / 10) {
                            overflow = true;
                        } else {
                            f = f * 10 + (s.charAt(pos) - '0');
                            scale *= 10;
                        }
                    }
                    pos++;
                }
                fraction = f;
                post = pos != fracStart;
            }
            if (!pre && !post) {
                return false;
            }
            int unitStart = pos;
            while (pos < s.length() && !(s.charAt(pos) == '.' || (s.charAt(pos) >= '0' && s.charAt(pos) <= '9'))) {
                pos++;
            }
            if (pos == unitStart) {
                return false;
            }
            Long unit = UNITS.get(s.substring(unitStart, pos));
            if (unit == null) {
                return false;
            }
            if (v.compareTo(LIMIT.divide(BigInteger.valueOf(unit))) > 0) {
                return false;
            }
            v = v.multiply(BigInteger.valueOf(unit));
            if (fraction > 0) {
                v = v.add(BigInteger.valueOf((long) (fraction * (unit / scale))));
                if (v.compareTo(LIMIT) > 0) {
                    return false;
                }
            }
            total = total.add(v);
            if (total.compareTo(LIMIT) > 0) {
                return false;
            }
        }
        return negative || total.compareTo(LIMIT) < 0;
    }
}
