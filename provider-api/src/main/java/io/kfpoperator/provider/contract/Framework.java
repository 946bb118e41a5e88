package io.kfpoperator.provider.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The pipeline framework: its name and free-form parameters. */
public record Framework(String name, Map<String, JsonNode> parameters) {
}
