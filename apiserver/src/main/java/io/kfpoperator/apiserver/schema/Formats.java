package io.kfpoperator.apiserver.schema;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The string formats kube-apiserver validates in custom resources (kube-openapi's strfmt.Default
 * registry, limited to apiextensions-apiserver's supportedFormats). Format names are compared
 * without '-' ("date-time" is "datetime"). Each check follows the Go function kube-openapi calls.
 */
final class Formats {

    private Formats() {
    }

    private static final Pattern HOSTNAME = Pattern.compile(
            "^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}](([a-zA-Z0-9-\\p{S}\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}([a-zA-Z\\p{L}]){2,63})$");
    private static final Pattern UUID = Pattern.compile("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
    private static final Pattern UUID3 = Pattern.compile("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
    private static final Pattern UUID4 = Pattern.compile("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$");
    private static final Pattern UUID5 = Pattern.compile("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$");
    private static final Pattern DATE_TIME = Pattern.compile("^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$");
    private static final Pattern CREDIT_CARD = Pattern.compile(
            "^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\\d{3})\\d{11})$");
    private static final Pattern NOT_NUMBER = Pattern.compile("[^0-9]+");
    private static final Pattern WHITESPACE_AND_MINUS = Pattern.compile("[\\s-]+");
    private static final Pattern ISBN10 = Pattern.compile("^(?:[0-9]{9}X|[0-9]{10})$");
    private static final Pattern ISBN13 = Pattern.compile("^(?:[0-9]{13})$");
    private static final Pattern HEX_COLOR = Pattern.compile("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$");
    private static final Pattern RGB_COLOR = Pattern.compile(
            "^rgb\\(\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*\\)$");
    private static final Pattern BASE64 = Pattern.compile(
            "^(?:[A-Za-z0-9+\\/]{4})*(?:[A-Za-z0-9+\\/]{2}==|[A-Za-z0-9+\\/]{3}=|[A-Za-z0-9+\\/]{4})$");
    private static final Pattern SSN = Pattern.compile("^\\d{3}[- ]?\\d{2}[- ]?\\d{4}$");
    private static final Pattern DURATION_PART = Pattern.compile("((\\d+)\\s*([A-Za-zµ]+))");

    private static final Map<String, Predicate<String>> CHECKS = Map.ofEntries(
            Map.entry("bsonobjectid", Formats::isBsonObjectId),
            Map.entry("uri", Formats::isRequestUri),
            Map.entry("email", Formats::isEmail),
            Map.entry("hostname", Formats::isHostname),
            Map.entry("ipv4", s -> Net.parseIpSloppy(s) != null && s.contains(".")),
            Map.entry("ipv6", s -> Net.parseIp(s) != null && s.contains(":")),
            Map.entry("cidr", Net::isCidrSloppy),
            Map.entry("mac", Net::isMac),
            Map.entry("uuid", s -> UUID.matcher(s).find()),
            Map.entry("uuid3", s -> UUID3.matcher(s).find()),
            Map.entry("uuid4", s -> UUID4.matcher(s).find()),
            Map.entry("uuid5", s -> UUID5.matcher(s).find()),
            Map.entry("isbn", s -> isIsbn(s, 10) || isIsbn(s, 13)),
            Map.entry("isbn10", s -> isIsbn(s, 10)),
            Map.entry("isbn13", s -> isIsbn(s, 13)),
            Map.entry("creditcard", Formats::isCreditCard),
            Map.entry("ssn", s -> s.length() == 11 && SSN.matcher(s).find()),
            Map.entry("hexcolor", s -> HEX_COLOR.matcher(s).find()),
            Map.entry("rgbcolor", s -> RGB_COLOR.matcher(s).find()),
            Map.entry("byte", s -> BASE64.matcher(s).find()),
            Map.entry("password", s -> true),
            Map.entry("date", Formats::isDate),
            Map.entry("duration", Formats::isDuration),
            Map.entry("datetime", Formats::isDateTime));

    /** Whether kube-apiserver knows (and so checks) this format. */
    static boolean known(String format) {
        return !format.isEmpty() && CHECKS.containsKey(format.replace("-", ""));
    }

    /** Whether the string is of the format; unknown formats accept everything. */
    static boolean valid(String format, String value) {
        Predicate<String> check = CHECKS.get(format.replace("-", ""));
        return check == null || check.test(value);
    }

    /** Go's time.Parse("2006-01-02", s): four-digit year, two-digit month and day, a day the month has. */
    static boolean isDate(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return false;
        }
        for (int i : new int[]{0, 1, 2, 3, 5, 6, 8, 9}) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        int year = Integer.parseInt(s.substring(0, 4));
        int month = Integer.parseInt(s.substring(5, 7));
        int day = Integer.parseInt(s.substring(8, 10));
        if (month < 1 || month > 12 || day < 1) {
            return false;
        }
        try {
            LocalDate.of(year, month, day);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** kube-openapi's IsDateTime: a date, a 't', then hh:mm:ss[.frac](z|±hh:mm), compared lower-cased. */
    static boolean isDateTime(String s) {
        if (s.length() < 4) {
            return false;
        }
        String[] parts = goSplit(s.toLowerCase(Locale.ROOT), 't');
        if (parts.length < 2 || !isDate(parts[0])) {
            return false;
        }
        Matcher m = DATE_TIME.matcher(parts[1]);
        if (!m.find()) {
            return false;
        }
        return m.group(1).compareTo("23") <= 0 && m.group(2).compareTo("59") <= 0 && m.group(3).compareTo("59") <= 0;
    }

    /** Go's strings.Split for one separator character (keeps empty parts). */
    private static String[] goSplit(String s, char separator) {
        return s.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
    }

    /** kube-openapi's ParseDuration: Go's time.ParseDuration, else "number unit" pairs such as "3 days". */
    static boolean isDuration(String s) {
        if (GoDuration.valid(s)) {
            return true;
        }
        String[][] units = {
                {"ns", "nano"}, {"us", "µs", "micro"}, {"ms", "milli"}, {"s", "sec"}, {"m", "min"},
                {"h", "hr", "hour"}, {"d", "day"}, {"w", "wk", "week"}};
        boolean ok = false;
        Matcher m = DURATION_PART.matcher(s);
        while (m.find()) {
            String digits = m.group(2);
            // strconv.Atoi fails beyond int64: the whole duration is then invalid.
            if (digits.length() > 19 || new java.math.BigInteger(digits).bitLength() > 63) {
                return false;
            }
            String unit = m.group(3).trim().toLowerCase(Locale.ROOT);
            for (String[] variants : units) {
                int last = variants.length - 1;
                for (int i = 0; i < variants.length; i++) {
                    if ((i == last && unit.startsWith(variants[i])) || variants[i].equalsIgnoreCase(unit)) {
                        ok = true;
                    }
                }
            }
        }
        return ok;
    }

    /** mongo-driver's ObjectIDFromHex: 24 hexadecimal digits. */
    static boolean isBsonObjectId(String s) {
        if (s.length() != 24) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0 || s.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }

    /** govalidator's IsHostname as kube-openapi has it: the pattern, at most 255 characters, labels of at most 63. */
    static boolean isHostname(String s) {
        if (!HOSTNAME.matcher(s).find()) {
            return false;
        }
        if (utf8Length(s) > 255) {
            return false;
        }
        for (String part : goSplit(s, '.')) {
            if (utf8Length(part) > 63) {
                return false;
            }
        }
        return true;
    }

    static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** govalidator's IsCreditCard: digits only (others removed), the card pattern, the Luhn sum. */
    static boolean isCreditCard(String s) {
        String sanitized = NOT_NUMBER.matcher(s).replaceAll("");
        if (!CREDIT_CARD.matcher(sanitized).find()) {
            return false;
        }
        int sum = 0;
        boolean shouldDouble = false;
        for (int i = sanitized.length() - 1; i >= 0; i--) {
            int digit = sanitized.charAt(i) - '0';
            if (shouldDouble) {
                digit *= 2;
                sum += digit >= 10 ? (digit % 10) + 1 : digit;
            } else {
                sum += digit;
            }
            shouldDouble = !shouldDouble;
        }
        return sum % 10 == 0;
    }

    /** govalidator's IsISBN for version 10 or 13 (spaces and dashes removed first). */
    static boolean isIsbn(String s, int version) {
        String sanitized = WHITESPACE_AND_MINUS.matcher(s).replaceAll("");
        int checksum = 0;
        if (version == 10) {
            if (!ISBN10.matcher(sanitized).find()) {
                return false;
            }
            for (int i = 0; i < 9; i++) {
                checksum += (i + 1) * (sanitized.charAt(i) - '0');
            }
            checksum += sanitized.charAt(9) == 'X' ? 100 : 10 * (sanitized.charAt(9) - '0');
            return checksum % 11 == 0;
        }
        if (!ISBN13.matcher(sanitized).find()) {
            return false;
        }
        int[] factor = {1, 3};
        for (int i = 0; i < 12; i++) {
            checksum += factor[i % 2] * (sanitized.charAt(i) - '0');
        }
        return (sanitized.charAt(12) - '0') - ((10 - (checksum % 10)) % 10) == 0;
    }

    /** Go's url.ParseRequestURI succeeds. */
    static boolean isRequestUri(String s) {
        return GoUrl.parseRequestUri(s);
    }

    /** Go's net/mail.ParseAddress succeeds with a non-empty address. */
    static boolean isEmail(String s) {
        return GoMail.parseAddress(s);
    }
}
