package io.kfpoperator.provider.vertex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place where label keys and values are made acceptable to Vertex AI: lower case,
 * only {@code [a-z0-9_-]}, at most 63 characters, keys starting with a letter. A value that has
 * to be shortened keeps its head and gets a short hash of the whole original, so two long names
 * that share their first 56 characters still end up as different labels.
 */
public final class VertexLabels {

    public static final int MAX_LENGTH = 63;
    private static final int HASH_LENGTH = 6;

    // Keys as upstream writes them, so labels on existing jobs keep their meaning.
    public static final String PROVIDER_NAME = "provider-name";
    public static final String PROVIDER_NAMESPACE = "provider-namespace";
    public static final String PIPELINE_NAME = "pipeline-name";
    public static final String PIPELINE_NAMESPACE = "pipeline-namespace";
    public static final String PIPELINE_VERSION = "pipeline-version";
    public static final String RUN_CONFIGURATION_NAME = "runconfiguration-name";
    public static final String RUN_CONFIGURATION_NAMESPACE = "runconfiguration-namespace";
    public static final String RUN_NAME = "run-name";
    public static final String RUN_NAMESPACE = "run-namespace";
    public static final String TRIGGER_TYPE = "trigger-type";
    public static final String TRIGGER_SOURCE = "trigger-source";
    public static final String TRIGGER_SOURCE_NAMESPACE = "trigger-source-namespace";
    public static final String SCHEMA_VERSION = "schema_version";
    public static final String SDK_VERSION = "sdk_version";

    private VertexLabels() {
    }

    /** Every key and value sanitised; a null value becomes empty (Vertex allows empty values). */
    public static Map<String, String> sanitise(Map<String, String> labels) {
        Map<String, String> result = new TreeMap<>();
        labels.forEach((k, v) -> result.put(key(k), value(v == null ? "" : v)));
        return result;
    }

    public static String key(String key) {
        String cleaned = clean(key);
        if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0)) || cleaned.charAt(0) > 'z') {
            cleaned = "k-" + cleaned;
        }
        return shorten(cleaned, key);
    }

    public static String value(String value) {
        return shorten(clean(value), value);
    }

    private static String clean(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        for (char c : lower.toCharArray()) {
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            out.append(allowed ? c : '-');
        }
        return out.toString();
    }

    private static String shorten(String cleaned, String original) {
        if (cleaned.length() <= MAX_LENGTH) {
            return cleaned;
        }
        return cleaned.substring(0, MAX_LENGTH - HASH_LENGTH - 1) + "-" + shortHash(original);
    }

    /** Six hex characters of the SHA-256 of {@code original}: enough to tell apart names that share a prefix. */
    static String shortHash(String original) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(original.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
