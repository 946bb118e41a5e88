package io.kfpoperator.controller.events.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.core.builder.CloudEventBuilder;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.events.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JetStream sink against a real nats-server: stream creation, retention limits, dedupe by id. */
class NatsJetStreamSinkIT {

    private final NatsServer server = NatsServer.started();
    private final String url = server.url();
    private Connection observer;

    @BeforeEach
    void connect() throws Exception {
        observer = Nats.connect(url);
    }

    @AfterEach
    void stopNats() throws Exception {
        observer.close();
        server.close();
    }

    private OperatorConfig.Sink sink(String yaml) {
        OperatorConfig config = ConfigLoader.load(null, Map.of("spec.events.sinks", "[{type: nats, url: '" + url + "'" + yaml + "}]"));
        return config.spec().events().sinks().get(0);
    }

    private static OutgoingEvent event(String id) {
        byte[] data = ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
        return new OutgoingEvent(id, CloudEventBuilder.v1().withId(id).withSource(URI.create("test")).withType("t").build(), data);
    }

    @Test
    void createsAMissingStreamWithTheConfiguredSubjectsAndRetentionLimits() throws Exception {
        try (NatsJetStreamSink sink = new NatsJetStreamSink(sink(", subject: ml.events.completed, stream: ML_EVENTS,"
                + " subjects: ['ml.events.>'], maxAge: 72h, maxMessages: 1000, maxBytes: 1048576, duplicateWindow: 10m")).start()) {

            assertThat(sink.publish(event("a/run-1/succeeded"))).isEqualTo(EventSink.Delivery.PUBLISHED);
        }

        StreamConfiguration created = observer.jetStreamManagement().getStreamInfo("ML_EVENTS").getConfiguration();
        assertThat(created.getSubjects()).containsExactly("ml.events.>");
        assertThat(created.getMaxAge()).isEqualTo(Duration.ofHours(72));
        assertThat(created.getMaxMsgs()).isEqualTo(1000);
        assertThat(created.getMaxBytes()).isEqualTo(1048576);
        assertThat(created.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(observer.jetStreamManagement().getLastMessage("ML_EVENTS", "ml.events.completed").getHeaders()
                .getFirst("Nats-Msg-Id")).isEqualTo("a/run-1/succeeded");
    }

    @Test
    void theSameEventIdIsStoredOnce() throws Exception {
        try (NatsJetStreamSink sink = new NatsJetStreamSink(sink("")).start()) {
            assertThat(sink.publish(event("a/run-2/failed"))).isEqualTo(EventSink.Delivery.PUBLISHED);
            assertThat(sink.publish(event("a/run-2/failed"))).isEqualTo(EventSink.Delivery.DUPLICATE);
            assertThat(sink.publish(event("a/run-3/failed"))).isEqualTo(EventSink.Delivery.PUBLISHED);
        }

        assertThat(observer.jetStreamManagement().getStreamInfo("kfp-operator-events").getStreamState().getMsgCount()).isEqualTo(2);
    }

    @Test
    void anExistingStreamIsUsedAsItIs() throws Exception {
        JetStreamManagement management = observer.jetStreamManagement();
        management.addStream(StreamConfiguration.builder().name("kfp-operator-events").subjects("events", "other").maxMessages(5).build());

        try (NatsJetStreamSink sink = new NatsJetStreamSink(sink(", maxMessages: 1000")).start()) {
            sink.publish(event("a/run-4/succeeded"));
        }

        StreamInfo info = management.getStreamInfo("kfp-operator-events");
        assertThat(info.getConfiguration().getSubjects()).containsExactly("events", "other");
        assertThat(info.getConfiguration().getMaxMsgs()).isEqualTo(5);
        assertThat(info.getStreamState().getMsgCount()).isEqualTo(1);
    }

    @Test
    void unreachableServerIsReportedAsUnavailableNamingTheSink() throws Exception {
        server.stop();

        try (NatsJetStreamSink sink = new NatsJetStreamSink(sink(", name: events-bus, timeout: 1s")).start()) {
            assertThatThrownBy(() -> sink.publish(event("a/run-5/succeeded")))
                    .isInstanceOf(SinkUnavailableException.class)
                    .hasMessageContaining("sink 'events-bus' is unavailable")
                    .hasMessageContaining("cannot connect to " + url);
        }
    }
}
