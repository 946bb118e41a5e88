package io.kfpoperator.provider.kfp;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KfpAuthTokenTest extends FakeKfpTestBase {

    @TempDir
    Path dir;

    @Test
    void sendsTheTokenFromTheFileAndPicksUpARotatedOne() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "first-token\n");
        KfpPlatform authenticated = platform(Map.of(KfpSettings.AUTH_TOKEN_FILE, token.toString()));

        authenticated.createExperiment(new ExperimentDefinition("ns/a", "v1", ""));
        server.wireMock().verify(getRequestedFor(urlPathEqualTo("/apis/v2beta1/experiments"))
                .withHeader("Authorization", equalTo("Bearer first-token")));

        Files.writeString(token, "rotated-token-2\n");
        Files.setLastModifiedTime(token, FileTime.from(Instant.now().plusSeconds(5)));
        server.wireMock().resetRequests();
        authenticated.createExperiment(new ExperimentDefinition("ns/b", "v1", ""));

        server.wireMock().verify(getRequestedFor(urlPathEqualTo("/apis/v2beta1/experiments"))
                .withHeader("Authorization", equalTo("Bearer rotated-token-2")));
        server.wireMock().verify(0, WireMock.anyRequestedFor(WireMock.anyUrl())
                .withHeader("Authorization", equalTo("Bearer first-token")));
    }

    @Test
    void noTokenFileNoAuthorizationHeader() {
        platform.createExperiment(new ExperimentDefinition("ns/a", "v1", ""));

        assertThat(server.wireMock().findAll(WireMock.anyRequestedFor(WireMock.anyUrl())))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.containsHeader("Authorization")).isFalse());
    }
}
