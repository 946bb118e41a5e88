package io.kfpoperator.bench;

/**
 * One reported figure. {@code baseline} is the same quantity measured in the same run for the
 * simplest thing that does the same job, and {@code ratio} = value / baseline; both are null when
 * the figure is a plain count (API writes per resource, for example).
 */
record Measurement(String scenario, String metric, double value, String unit, Double baseline, Double ratio) {

    static Measurement plain(String scenario, String metric, double value, String unit) {
        return new Measurement(scenario, metric, value, unit, null, null);
    }

    static Measurement against(String scenario, String metric, double value, double baseline, String unit) {
        return new Measurement(scenario, metric, value, unit, baseline, baseline == 0 ? null : value / baseline);
    }
}
