package io.kfpoperator.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ProtobufBodiesTest {

    @Test
    void readsTheNamespaceKubectlCreateNamespaceSends() throws Exception {
        // Captured from `kubectl create namespace team-a` (kubectl 1.32).
        byte[] body;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("create-namespace-team-a.pb")) {
            body = in.readAllBytes();
        }

        ObjectNode namespace = ProtobufBodies.toJson(body).orElseThrow();

        assertThat(namespace.toString()).isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"team-a\"}}");
    }

    @Test
    void anythingButTheEnvelopeIsRefused() {
        assertThat(ProtobufBodies.toJson("{\"kind\":\"Namespace\"}".getBytes())).isEmpty();
    }
}
