package io.kfpoperator.controller.events.sinks;

import io.kfpoperator.controller.config.OperatorConfig;
import java.util.ArrayList;
import java.util.List;

/** Builds the configured sinks ({@code spec.events.sinks}). */
public final class EventSinks {

    private EventSinks() {
    }

    /** One sink per entry, started (NATS connects now if it can, and again at the first event if not). */
    public static List<EventSink> fromConfig(List<OperatorConfig.Sink> sinks) {
        List<EventSink> created = new ArrayList<>();
        for (OperatorConfig.Sink sink : sinks) {
            created.add(switch (sink.type()) {
                case NATS -> sink.mode() == OperatorConfig.NatsMode.CORE ? new NatsCoreSink(sink).start() : new NatsJetStreamSink(sink).start();
                case HTTP -> new HttpWebhookSink(sink);
                case LOG -> new LogSink(sink.name());
                case GRPC -> new GrpcTriggerSink(sink);
            });
        }
        return created;
    }
}
