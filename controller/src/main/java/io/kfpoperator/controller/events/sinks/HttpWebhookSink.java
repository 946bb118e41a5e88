package io.kfpoperator.controller.events.sinks;

import io.cloudevents.http.HttpMessageFactory;
import io.kfpoperator.controller.config.OperatorConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each event to a URL in CloudEvents HTTP binary mode ({@code ce-*} headers, the
 * RunCompletionEvent JSON as the body). A 2xx answer is acceptance; anything else, a timeout or a
 * connection failure is retried with doubling delays, then reported as unavailable so the
 * endpoint answers 503 and the sender tries again later. Receivers deduplicate by {@code ce-id}.
 */
public final class HttpWebhookSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(HttpWebhookSink.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final OperatorConfig.Sink config;
    private final URI url;
    private final HttpClient http;
    private final CountDownLatch closed = new CountDownLatch(1);

    public HttpWebhookSink(OperatorConfig.Sink config) {
        this.config = config;
        this.url = URI.create(config.url());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.timeout())
                .build();
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public Delivery publish(OutgoingEvent event) throws SinkUnavailableException {
        String failure = "";
        Duration delay = FIRST_RETRY;
        for (int attempt = 0; attempt <= config.retries(); attempt++) {
            if (attempt > 0) {
                LOG.warn("webhook sink {} did not take event {} ({}); retry {} in {}", name(), event.id(), failure, attempt, delay);
                if (waitOrClosed(delay)) {
                    break;
                }
                delay = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
            }
            failure = attempt(event);
            if (failure.isEmpty()) {
                return Delivery.PUBLISHED;
            }
        }
        throw new SinkUnavailableException(name(), "POST " + url + " failed: " + failure, null);
    }

    /** One POST; "" on success, otherwise why it failed. */
    private String attempt(OutgoingEvent event) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(config.timeout());
        HttpMessageFactory.createWriter(request::header, body -> request.POST(body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)))
                .writeBinary(event.cloudEvent());
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? "" : "HTTP " + status;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private boolean waitOrClosed(Duration delay) {
        try {
            return closed.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
