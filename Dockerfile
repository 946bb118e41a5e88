# syntax=docker/dockerfile:1
# The kfp-operator image: one jar that runs the controller (`controller`) or a provider service
# (`provider-service --platform …`) — the subcommand chooses. For builds without Docker see the
# jib configuration in cli/pom.xml (docs/operations.md#container-image).
#
#   docker build -t ghcr.io/kfp-operator/kfp-operator:0.1.0 .
#   docker run --rm ghcr.io/kfp-operator/kfp-operator:0.1.0 version

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The image build skips tests; `mvn -B verify` (the README's test command) runs them in CI.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests -pl cli -am clean package \
 && cp cli/target/kfp-operator.jar /kfp-operator.jar

FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="kfp-operator" \
      org.opencontainers.image.description="Kubernetes operator for ML pipelines (controller and provider service)"
COPY --from=build --chown=0:0 --chmod=0444 /kfp-operator.jar /app/kfp-operator.jar
# Non-root, no home directory to write to: the chart mounts an emptyDir at /tmp and sets a
# read-only root filesystem.
ENV HOME=/tmp \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
USER 65532:65532
WORKDIR /app
EXPOSE 8080 8081 8082
ENTRYPOINT ["java", "-jar", "/app/kfp-operator.jar"]
CMD ["--help"]
