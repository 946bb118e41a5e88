package io.kfpoperator.controller.engine;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a provider image of the Go operator means its error answers (its provider-service/base
 * server): 400 only when the body is not valid JSON, 501 for an operation a kind does not have,
 * 404/405 from its router, and 500 for every error its platform call returned, permanent or not.
 * The Go operator never retried any of them (its workflows failed the resource on any
 * {@code providerError}). A 500 is therefore taken as the platform's refusal unless its
 * {@code providerError} names a cause that goes away by itself, which the Go clients spell in their
 * error text: a gRPC status Unavailable, DeadlineExceeded, ResourceExhausted or Aborted; a Go
 * network error (connection refused or reset, i/o timeout, deadline exceeded, EOF, DNS, TLS
 * handshake timeout); an HTTP 429/502/503/504 of the KFP REST upload client or a Google API
 * 429/5xx; or the server's own "failed to read request body". A 500 without a providerError did
 * not come from the Go handlers (a proxy, a recovered panic) and is retried.
 */
final class GoProviderAnswers {

    private static final List<String> TRANSIENT_TEXT = List.of(
            "code = unavailable", "code = deadlineexceeded", "code = resourceexhausted", "code = aborted",
            "connection refused", "connection reset", "broken pipe", "i/o timeout", "context deadline exceeded",
            "tls handshake timeout", "no such host", "server misbehaving", "unexpected eof", ": eof",
            "failed to read request body");
    /** go-openapi's "[POST /apis/v2beta1/pipelines/upload][503]", runtime's "(status 503)", googleapi's "Error 503". */
    private static final Pattern TRANSIENT_HTTP = Pattern.compile("(\\]\\[|\\(status |googleapi: error )(429|500|502|503|504)\\b");
    private static final Pattern NOT_FOUND = Pattern.compile("code = notfound|\\]\\[404\\]|googleapi: error 404\\b");

    private GoProviderAnswers() {
    }

    /** Whether a Go service's 500 with this {@code providerError} may succeed when sent again. */
    static boolean transientFailure(String providerError) {
        if (providerError == null || providerError.isBlank()) {
            return true;
        }
        String text = providerError.toLowerCase(Locale.ROOT);
        return TRANSIENT_TEXT.stream().anyMatch(text::contains) || TRANSIENT_HTTP.matcher(text).find();
    }

    /** Whether a Go service's failed delete says the object is not there (gone already: done). */
    static boolean notFound(String providerError) {
        return providerError != null && NOT_FOUND.matcher(providerError.toLowerCase(Locale.ROOT)).find();
    }
}
