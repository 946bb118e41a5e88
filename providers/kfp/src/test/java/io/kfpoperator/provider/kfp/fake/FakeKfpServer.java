package io.kfpoperator.provider.kfp.fake;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * WireMock on a free port answering every request from a {@link FakeKfpApi}. The swagger is
 * parsed once per JVM: it is the slow part.
 */
public final class FakeKfpServer implements AutoCloseable {

    private static KfpApiSpecValidator sharedValidator;

    private final FakeKfpApi api;
    private final WireMockServer server;

    public FakeKfpServer() {
        this.api = new FakeKfpApi(validator());
        this.server = new WireMockServer(options().dynamicPort().extensions(api));
        server.start();
        // One catch-all stub; the global transformer decides every answer.
        server.stubFor(any(anyUrl()).willReturn(ok()));
    }

    private static synchronized KfpApiSpecValidator validator() {
        if (sharedValidator == null) {
            sharedValidator = KfpApiSpecValidator.load();
        }
        return sharedValidator;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public FakeKfpApi api() {
        return api;
    }

    public WireMockServer wireMock() {
        return server;
    }

    @Override
    public void close() {
        server.stop();
    }
}
