package io.kfpoperator.provider.vertex;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.BaseServiceException;
import io.kfpoperator.provider.spi.PlatformException;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import io.kfpoperator.provider.spi.PlatformUnavailableException;
import io.kfpoperator.provider.spi.ResourceNotFoundException;
import java.util.concurrent.ExecutionException;

/** Maps Google API failures to the SPI's exceptions in one place, keeping Google's message. */
final class VertexErrors {

    private VertexErrors() {
    }

    static boolean isNotFound(Throwable e) {
        return code(e) == StatusCode.Code.NOT_FOUND;
    }

    static boolean isAlreadyExists(Throwable e) {
        return code(e) == StatusCode.Code.ALREADY_EXISTS;
    }

    /** Like {@link #map}, for calls on an existing object: NOT_FOUND means that object is gone (404). */
    static PlatformException mapOnExisting(String operation, Throwable e) {
        if (isNotFound(e)) {
            return new ResourceNotFoundException(operation + ": " + message(unwrap(e)));
        }
        return map(operation, e);
    }

    /** {@code operation} says what we were doing ("creating pipeline job x"). */
    static PlatformException map(String operation, Throwable e) {
        Throwable cause = unwrap(e);
        if (cause instanceof PlatformException platform) {
            return platform;
        }
        String message = operation + ": " + message(cause);
        StatusCode.Code code = code(cause);
        if (code == null) {
            if (cause instanceof BaseServiceException storage) {
                return storage.getCode() >= 400 && storage.getCode() < 500 && storage.getCode() != 429
                        ? new PlatformRejectedException(message, storage)
                        : new PlatformUnavailableException(message, storage);
            }
            return new PlatformUnavailableException(message, cause);
        }
        return switch (code) {
            // NOT_FOUND here is something a request refers to (a service account, a network
            // attachment); callers for whom it means "the object itself is gone" say so first.
            case INVALID_ARGUMENT, FAILED_PRECONDITION, ALREADY_EXISTS, OUT_OF_RANGE, NOT_FOUND ->
                    new PlatformRejectedException(message, cause);
            // Includes PERMISSION_DENIED: an IAM fix needs no spec change, so keep retrying.
            default -> new PlatformUnavailableException(message, cause);
        };
    }

    private static StatusCode.Code code(Throwable e) {
        Throwable cause = unwrap(e);
        if (cause instanceof ApiException api) {
            return api.getStatusCode().getCode();
        }
        return null;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof ExecutionException || current instanceof java.util.concurrent.CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String message(Throwable e) {
        if (e instanceof ApiException api && api.getCause() instanceof io.grpc.StatusRuntimeException grpc
                && grpc.getStatus().getDescription() != null) {
            return grpc.getStatus().getCode() + ": " + grpc.getStatus().getDescription();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
