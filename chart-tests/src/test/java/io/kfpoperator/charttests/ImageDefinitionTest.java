package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The image definitions cannot be built here (no Docker engine, no registry), so check what the
 * chart relies on: non-root user 65532, the entry point, and jib not bound to a build phase.
 */
class ImageDefinitionTest {

    @Test
    void dockerfileBuildsTheCliJarAndRunsItAsNonRoot() throws IOException {
        String dockerfile = Files.readString(Helm.REPO.resolve("Dockerfile"));

        assertThat(dockerfile).contains("FROM maven:3-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre",
                "cli/target/kfp-operator.jar", "USER 65532:65532",
                "ENTRYPOINT [\"java\", \"-jar\", \"/app/kfp-operator.jar\"]");
    }

    @Test
    void jibIsConfiguredButNotBoundToAPhase() throws IOException {
        String pom = Files.readString(Helm.REPO.resolve("cli/pom.xml"));
        int start = pom.indexOf("<artifactId>jib-maven-plugin</artifactId>");
        assertThat(start).as("jib-maven-plugin in cli/pom.xml").isPositive();
        String plugin = pom.substring(start, pom.indexOf("</plugin>", start));

        assertThat(plugin).contains("<mainClass>io.kfpoperator.cli.Main</mainClass>", "<user>65532:65532</user>",
                "<image>eclipse-temurin:17-jre</image>");
        assertThat(plugin).doesNotContain("<executions>", "<phase>");
    }
}
