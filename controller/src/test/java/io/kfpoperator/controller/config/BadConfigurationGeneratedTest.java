package io.kfpoperator.controller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.apiserver.testing.BadInput;
import io.kfpoperator.apiserver.testing.GeneratedTries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated bad controller configuration files (issue #19): what our chart renders (with a sink of
 * each type), and two files of the Go operator (its chart's output, and a v1alpha5 file with
 * controller-runtime's section), each with one field dropped, nulled, of the wrong type, out of
 * bounds, oddly named, deeply nested, unknown or repeated, its text cut short, or YAML's own
 * oddities (tabs, duplicate keys, aliases, tags, a second document, bytes that are no UTF-8).
 * Loading either works or throws a {@link ConfigurationException} naming the key (or saying the
 * file is no YAML mapping); never another exception, which would stop the controller with a stack
 * trace instead of a message.
 *
 * <p>1000 seeded tries (seed 19): {@code -DbadConfiguration.tries=…}, {@code -DbadConfiguration.seed=…}, and
 * {@code -DbadConfiguration.try=i} to re-run one (see {@link GeneratedTries}).
 */
class BadConfigurationGeneratedTest {

    private static Path dir;

    @BeforeAll
    static void createDirectory() throws IOException {
        dir = Files.createTempDirectory("bad-configuration");
    }

    @AfterAll
    static void removeDirectory() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /** A valid configuration file: its name (for the report) and its tree. */
    record Base(String resource, JsonNode tree) {
        @Override
        public String toString() {
            return resource;
        }
    }

    static List<Base> bases() {
        List<Base> bases = new ArrayList<>();
        for (String resource : List.of("config/chart-with-sinks.yaml", "upstream-config/chart-customised.yaml",
                "upstream-config/controller_manager_config.v1alpha5.yaml")) {
            try (InputStream in = BadConfigurationGeneratedTest.class.getClassLoader().getResourceAsStream(resource)) {
                bases.add(new Base(resource, BadInput.YAML.readTree(in)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bases;
    }

    /** One bad file: the change, and the bytes written. */
    record BadFile(Base base, String change, String path, byte[] bytes) {
        @Override
        public String toString() {
            return base + ": " + change + (path.isEmpty() ? "" : " at " + path);
        }
    }

    /** What YAML has beyond JSON's trees, put at the start of a line of the valid text. */
    private static final List<String> YAML_ODDITIES = List.of(
            "\t", "  ", "spec: {}\n", "--- \nspec: {}\n", "... \n", "? complex\n: key\n", "&a [*a]\n", "!!binary AAAA\n",
            "!!java.net.URL [\"http://x\"]\n", "!<tag:yaml.org,2002:js/undefined> x\n", "%YAML 1.1\n", "%TAG ! tag:x:\n", "x: *undefined\n",
            "a: &a [\"x\",\"x\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
            "# comment only\n", "\uFEFF", "\u0000", "- a list item\n", "key: value: other\n", "{", "]", "'unterminated\n", "\"\\q\"\n");

    /** A bad file: six in nine a change of a tree, two in nine a YAML oddity in the text, one in nine a byte that is no UTF-8. */
    static BadFile badFile(List<Base> bases, Random random) {
        Base base = GeneratedTries.oneOf(random, bases);
        int kind = random.nextInt(9);
        if (kind < 6) {
            BadInput.Mutation m = BadInput.of(base.tree(), BadInput.Format.YAML_TEXT, random);
            return new BadFile(base, m.change(), m.path(), m.text().getBytes(StandardCharsets.UTF_8));
        }
        String text = BadInput.write(base.tree(), BadInput.Format.YAML_TEXT);
        if (kind < 8) {
            List<Integer> lineStarts = new ArrayList<>(List.of(0));
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n' && i + 1 < text.length()) {
                    lineStarts.add(i + 1);
                }
            }
            int at = GeneratedTries.oneOf(random, lineStarts);
            String oddity = GeneratedTries.oneOf(random, YAML_ODDITIES);
            return new BadFile(base, "YAML " + BadInput.JSON.valueToTree(oddity) + " at character " + at, "",
                    (text.substring(0, at) + oddity + text.substring(at)).getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int at = random.nextInt(bytes.length);
        bytes[at] = (byte) 0xFF;
        return new BadFile(base, "byte 0xFF at " + at, "", bytes);
    }

    private static final Pattern NAMED_KEY = Pattern.compile("configuration key '([^']*)'");

    @Test
    void everyBadConfigurationLoadsOrIsRefusedNamingTheKey() {
        List<Base> bases = bases();
        GeneratedTries tries = GeneratedTries.named("badConfiguration", 1000, 19);
        tries.run(random -> badFile(bases, random), bad -> loadsOrIsRefusedNamingTheKey(bad, tries));
    }

    private static void loadsOrIsRefusedNamingTheKey(BadFile bad, GeneratedTries tries) throws IOException {
        Path file = Files.write(dir.resolve("config.yaml"), bad.bytes());
        try {
            ConfigLoader.loadWithWarnings(file, Map.of());
            tries.collect("outcome", "loaded");
        } catch (ConfigurationException e) {
            tries.collect("outcome", "refused");
            namesTheKey(bad, e.getMessage());
        } catch (RuntimeException e) {
            fail("%s: %s instead of a ConfigurationException", bad, e.toString(), e);
        }
    }

    private static void namesTheKey(BadFile bad, String message) {
        // In the user's words: no Java exceptions or types, no Jackson tokens.
        assertThat(message).as("%s", bad).isNotBlank().doesNotContain("Exception").doesNotContain("`java.").doesNotContain("JsonToken")
                .doesNotContain("com.fasterxml");
        Matcher key = NAMED_KEY.matcher(message);
        String named = key.find() ? key.group(1) : null;
        List<String> segments = BadInput.segments(bad.path());
        String field = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
        assertThat(message).as("the message for %s", bad).satisfiesAnyOf(
                // The key changed, one in it or one holding it; or (a Go operator key moved to ours) its last name.
                m -> assertThat(named != null && !bad.path().isEmpty() && BadInput.related(bad.path(), named)).isTrue(),
                m -> assertThat(field).isNotEmpty().satisfies(f -> assertThat(m).contains(f).contains("configuration key")),
                // A file that is no YAML, or no mapping: nothing in it to name.
                m -> assertThat(m).startsWith("configuration file " + dir.resolve("config.yaml") + " is not valid YAML"),
                m -> assertThat(m).contains("must be a YAML mapping"),
                // A change that leaves another key wrong (a second document, a key moved out of its section).
                m -> assertThat(bad.path().isEmpty() && named != null).isTrue());
    }
}
