package io.kfpoperator.api.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The string forms manifests use for references and artifact paths. */
class StringEncodingsTest {

    @ParameterizedTest
    @CsvSource({"name,'',name", "ns/name,ns,name", "'','',''"})
    void namespacedNameParsesAndPrintsBack(String text, String namespace, String name) {
        NamespacedName parsed = NamespacedName.parse(text);
        assertThat(parsed).isEqualTo(new NamespacedName(namespace, name));
        assertThat(parsed.toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b/c", "/name", "ns/"})
    void namespacedNameRejectsExtraOrEmptyParts(String text) {
        assertThatThrownBy(() -> NamespacedName.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text);
    }

    @Test
    void namespacedNameTakesTheDefaultNamespaceOnlyWhenItHasNone() {
        assertThat(NamespacedName.parse("rc").inNamespace("team")).isEqualTo(new NamespacedName("team", "rc"));
        assertThat(NamespacedName.parse("other/rc").inNamespace("team")).isEqualTo(new NamespacedName("other", "rc"));
    }

    @Test
    void pipelineIdentifierSplitsNameAndVersion() {
        assertThat(PipelineIdentifier.parse("penguin")).isEqualTo(new PipelineIdentifier("penguin", ""));
        assertThat(PipelineIdentifier.parse("penguin:v1-abc.1")).isEqualTo(new PipelineIdentifier("penguin", "v1-abc.1"));
        assertThat(PipelineIdentifier.parse("penguin:v1").toString()).isEqualTo("penguin:v1");
        assertThatThrownBy(() -> PipelineIdentifier.parse("a:b:c")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Pusher:pushed_model|Pusher|pushed_model|0||Pusher:pushed_model:0",
            "Pusher:pushed_model:2|Pusher|pushed_model|2||Pusher:pushed_model:2",
            "Pusher:pushed_model:|Pusher|pushed_model|0||Pusher:pushed_model:0",
            "Pusher:pushed_model:0[pushed == 1]|Pusher|pushed_model|0|pushed == 1|Pusher:pushed_model:0[pushed == 1]",
            "Pusher:pushed_model[x.y != \"a\"]|Pusher|pushed_model|0|x.y != \"a\"|Pusher:pushed_model:0[x.y != \"a\"]"})
    void artifactPathHasCanonicalFormWithIndex(String text, String component, String artifact, int index, String filter, String canonical) {
        ArtifactPath path = ArtifactPath.parse(text);
        assertThat(path).isEqualTo(new ArtifactPath(component, artifact, index, filter));
        assertThat(path.toString()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Pusher", "a:b:c:d", "a:b[x", "a:b:x"})
    void artifactPathRejectsMalformedPaths(String text) {
        assertThatThrownBy(() -> ArtifactPath.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("artifact path");
    }
}
