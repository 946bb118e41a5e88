package io.kfpoperator.api.types;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the Go operator's config writes them ("10m", "1h30m", "500ms"), and ISO-8601 ("PT10M"). */
public final class GoDurations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDurations() {
    }

    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        if (s.startsWith("P") || s.startsWith("p")) {
            return Duration.parse(s);
        }
        if (s.startsWith("-") || s.startsWith("+")) {
            // Go's time.ParseDuration takes a sign; the Go operator's files may carry one (a negative TTL).
            Duration magnitude = parse(s.substring(1));
            return s.startsWith("-") ? magnitude.negated() : magnitude;
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        int position = 0;
        double nanos = 0;
        while (m.find() && m.start() == position) {
            double value = Double.parseDouble(m.group(1));
            nanos += value * switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            position = m.end();
        }
        if (position != s.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 30s, 10m, 1h30m or 500ms");
        }
        return Duration.ofNanos((long) nanos);
    }
}
