package io.kfpoperator.provider.contract;

/** Why a run was started: type (schedule, onChangePipeline, onChangeRunSpec, runConfiguration), source and its namespace. */
public record TriggerIndicator(String type, String source, String sourceNamespace) {
}
