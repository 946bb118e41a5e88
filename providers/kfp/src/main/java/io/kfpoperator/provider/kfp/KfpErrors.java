package io.kfpoperator.provider.kfp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kfpoperator.provider.spi.PlatformException;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import io.kfpoperator.provider.spi.PlatformUnavailableException;
import io.kfpoperator.provider.spi.ResourceNotFoundException;
import java.io.IOException;

/**
 * Turns a failed KFP answer into the contract's exception. KFP answers errors as
 * {@code google.rpc.Status} JSON ({code, message, details}); its message is what users see.
 */
final class KfpErrors {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_RAW_BODY = 500;

    private KfpErrors() {
    }

    static PlatformException fromResponse(String operation, int httpStatus, String body) {
        String message = "KFP " + operation + " failed (HTTP " + httpStatus + "): " + kfpMessage(body);
        if (httpStatus == 404) {
            return new ResourceNotFoundException(message);
        }
        if (httpStatus == 409) {
            return new KfpConflictException(message);
        }
        // 401: the token may have expired and be rotated in its file; a retry can succeed.
        if (httpStatus >= 500 || httpStatus == 408 || httpStatus == 429 || httpStatus == 401 || httpStatus < 400) {
            return new PlatformUnavailableException(message);
        }
        return new PlatformRejectedException(message);
    }

    static PlatformException fromIo(String operation, IOException e) {
        String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new PlatformUnavailableException("KFP " + operation + " failed: " + cause, e);
    }

    /** The Status message if the body is one, else the (shortened) raw body. */
    static String kfpMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(no message)";
        }
        try {
            JsonNode json = MAPPER.readTree(body);
            if (json != null && json.hasNonNull("message") && !json.get("message").asText().isBlank()) {
                return json.get("message").asText();
            }
            // Older KFP gateways used "error" instead of "message".
            if (json != null && json.hasNonNull("error") && json.get("error").isTextual()) {
                return json.get("error").asText();
            }
        } catch (IOException notJson) {
            // fall through to the raw body, e.g. an HTML page from a proxy
        }
        String trimmed = body.strip();
        return trimmed.length() > MAX_RAW_BODY ? trimmed.substring(0, MAX_RAW_BODY) + "…" : trimmed;
    }
}
