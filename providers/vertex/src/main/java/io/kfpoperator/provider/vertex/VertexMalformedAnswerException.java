package io.kfpoperator.provider.vertex;

import io.kfpoperator.provider.spi.PlatformUnavailableException;

/**
 * Vertex answered with something this client cannot use: an object without the name it is
 * known by, a time outside what a protobuf Timestamp can hold, a list page that sends the client
 * back to a page it already read. The message names the call and the field. Retryable (500): it
 * is Vertex's fault, not the resource's; a create whose answer was unusable is found by the
 * retry, as after a lost answer.
 */
final class VertexMalformedAnswerException extends PlatformUnavailableException {

    VertexMalformedAnswerException(String message) {
        super(message);
    }
}
