package io.kfpoperator.providerservice.http;

/** A request the server answers with a 4xx before the platform sees it. */
final class BadRequestException extends RuntimeException {

    private final int status;

    BadRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
