package io.kfpoperator.api.version;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * SHA-1 over a sequence of fields, each followed by a 0x00 separator; lists are sorted first and
 * closed by one more separator. This is the byte recipe of the Go kfp-operator, so equal specs
 * give equal version strings in both operators.
 */
final class ObjectHasher {

    private static final byte SEPARATOR = 0;

    /** Go's sort.Strings order: byte-wise UTF-8, which equals code point order. */
    static final Comparator<String> GO_STRING_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private final MessageDigest digest;

    ObjectHasher() {
        try {
            digest = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    void writeString(String value) {
        digest.update((value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
        writeSeparator();
    }

    void writeSeparator() {
        digest.update(SEPARATOR);
    }

    /** Name/value pairs sorted by name then value, each written as two fields, then a separator. */
    void writeKeyValueList(List<String[]> pairs) {
        writeList(pairs,
                Comparator.<String[], String>comparing(p -> p[0], GO_STRING_ORDER).thenComparing(p -> p[1], GO_STRING_ORDER),
                (hasher, p) -> {
                    hasher.writeString(p[0]);
                    hasher.writeString(p[1]);
                });
    }

    <T> void writeList(List<T> items, Comparator<T> order, BiConsumer<ObjectHasher, T> writer) {
        List<T> sorted = new ArrayList<>(items == null ? List.of() : items);
        sorted.sort(order);
        for (T item : sorted) {
            writer.accept(this, item);
        }
        writeSeparator();
    }

    /** The first three bytes of the digest as six lower-case hex characters. */
    String shortHex() {
        byte[] sum = digest.digest();
        return HexFormat.of().formatHex(sum, 0, 3);
    }
}
