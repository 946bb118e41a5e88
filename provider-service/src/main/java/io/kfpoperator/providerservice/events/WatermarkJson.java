package io.kfpoperator.providerservice.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kfpoperator.providerservice.Json;

/** The stored form of a watermark: {"finishedAt": RFC 3339, "eventIds": [...]}. */
final class WatermarkJson {

    private WatermarkJson() {
    }

    static String write(Watermark watermark) {
        try {
            return Json.MAPPER.writeValueAsString(watermark);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a watermark is always serialisable", e);
        }
    }

    static Watermark read(String json, String source) {
        try {
            return Json.MAPPER.readValue(json, Watermark.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the delivery watermark in " + source + " is unreadable ("
                    + e.getOriginalMessage() + "); fix or remove it to resend every finished run", e);
        }
    }
}
