package io.kfpoperator.provider.contract;

/** A {name, value} pair, as in a Pipeline's env. */
public record NamedValue(String name, String value) {
}
