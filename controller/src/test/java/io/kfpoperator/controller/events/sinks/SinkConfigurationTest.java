package io.kfpoperator.controller.events.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The sink keys of the operator configuration: defaults, and a message naming the key of a bad value. */
class SinkConfigurationTest {

    private static OperatorConfig.Sink sink(String keys) {
        return ConfigLoader.load(null, Map.of("spec.events.sinks", "[{type: nats, url: 'nats://nats:4222'" + keys + "}]"))
                .spec().events().sinks().get(0);
    }

    @Test
    void natsSinkDefaultsToSubjectEventsInAStreamThatKeepsEverything() {
        OperatorConfig.Sink sink = sink("");
        assertThat(sink.name()).isEqualTo("nats");
        assertThat(sink.subject()).isEqualTo("events");
        assertThat(sink.stream()).isEqualTo("kfp-operator-events");
        assertThat(sink.subjects()).containsExactly("events");
        assertThat(sink.maxAge()).isEqualTo(Duration.ZERO);
        assertThat(sink.maxMessages()).isEqualTo(-1);
        assertThat(sink.maxBytes()).isEqualTo(-1);
        assertThat(sink.duplicateWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(sink(", subject: ml.done, subjects: ['ml.*']").subjects()).containsExactly("ml.*");
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            , subject: 'a.*'               | configuration key 'spec.events.sinks[0].subject': 'a.*' is not a NATS subject to publish on
            , subject: 'a..b'              | configuration key 'spec.events.sinks[0].subject'
            , subjects: [other]            | configuration key 'spec.events.sinks[0].subjects': [other] do not include the subject 'events'
            , subjects: ['ev.>']           | do not include the subject 'events'
            , stream: 'has space'          | configuration key 'spec.events.sinks[0].stream'
            , maxMessages: 0               | configuration key 'spec.events.sinks[0].maxMessages': must be positive, or -1 for unlimited
            , maxBytes: -2                 | configuration key 'spec.events.sinks[0].maxBytes'
            , maxAge: -1s                  | configuration key 'spec.events.sinks[0].maxAge'
            , duplicateWindow: 0s          | configuration key 'spec.events.sinks[0].duplicateWindow': must be positive
            , retries: -1                  | configuration key 'spec.events.sinks[0].retries': must not be negative
            """)
    void badSinkSettingIsRefusedNamingItsKey(String keys, String message) {
        assertThatThrownBy(() -> sink(keys)).hasMessageContaining(message);
    }
}
