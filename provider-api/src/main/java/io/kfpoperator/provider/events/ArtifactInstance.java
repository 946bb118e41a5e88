package io.kfpoperator.provider.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** One produced artifact: where it is and the metadata a filter expression is evaluated against. */
public record ArtifactInstance(String uri, Map<String, JsonNode> metadata) {
}
