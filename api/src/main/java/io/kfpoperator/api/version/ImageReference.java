package io.kfpoperator.api.version;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of the Docker image reference grammar to find the tag a Pipeline version starts
 * with: "repo:tag" gives the tag, an untagged "repo" gives "latest", a digest-only reference
 * or an invalid one gives none.
 */
final class ImageReference {

    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile(
            "^((?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*)(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
    private static final Pattern IDENTIFIER = Pattern.compile("^[a-f0-9]{64}$");
    private static final int NAME_TOTAL_LENGTH_MAX = 255;

    private ImageReference() {
    }

    /** The tag the version string starts with, or empty when the image is not a valid tagged-or-bare reference. */
    static Optional<String> versionTag(String image) {
        if (image == null || image.isEmpty() || IDENTIFIER.matcher(image).matches()) {
            return Optional.empty();
        }
        String normalized = normalize(image);
        if (normalized == null) {
            return Optional.empty();
        }
        Matcher m = REFERENCE.matcher(normalized);
        if (!m.matches() || m.group(1).length() > NAME_TOTAL_LENGTH_MAX) {
            return Optional.empty();
        }
        String tag = m.group(2);
        String digest = m.group(3);
        if (tag != null) {
            return Optional.of(tag);
        }
        return digest == null ? Optional.of("latest") : Optional.empty();
    }

    /** Adds the default registry like docker does; null when the repository part is not lower case. */
    private static String normalize(String image) {
        int slash = image.indexOf('/');
        String domain;
        String remainder;
        if (slash == -1) {
            domain = "docker.io";
            remainder = image;
        } else {
            String first = image.substring(0, slash);
            boolean looksLikeDomain = first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.toLowerCase().equals(first);
            domain = looksLikeDomain ? first : "docker.io";
            remainder = looksLikeDomain ? image.substring(slash + 1) : image;
        }
        String repository = remainder;
        int at = repository.indexOf('@');
        if (at >= 0) {
            repository = repository.substring(0, at);
        }
        int colon = repository.indexOf(':');
        if (colon >= 0) {
            repository = repository.substring(0, colon);
        }
        if (!repository.toLowerCase().equals(repository)) {
            return null;
        }
        if (domain.equals("docker.io") && !remainder.contains("/")) {
            remainder = "library/" + remainder;
        }
        return domain + "/" + remainder;
    }
}
