package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/** The strict check finds what it is for: misspelt and misplaced fields, in every kind of model it uses. */
class StrictModelsSelfTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static java.util.List<String> problems(String yaml) throws Exception {
        return StrictModelsTest.check(YAML.readTree(yaml));
    }

    @Test
    void findsAMisplacedFieldInABuiltInKind() throws Exception {
        assertThat(problems("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i
                          resource: {limits: {memory: 1Gi}}
                """)).singleElement().asString().contains("spec.template.spec.containers[0]", "resource");
        assertThat(problems("""
                apiVersion: v1
                kind: Service
                metadata: {name: s}
                spec: {ports: [{name: http, port: 80}]}
                """)).isEmpty();
    }

    @Test
    void findsUnknownFieldsInMonitoringKindsAndProviders() throws Exception {
        assertThat(problems("""
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: m}
                spec: {endpoints: [{port: metrics, intervall: 30s}], selector: {}}
                """)).singleElement().asString().contains("intervall");
        assertThat(problems("""
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: r}
                spec: {groups: [{name: g, rules: [{alert: A, expr: up == 0, for: 5m, severity: critical}]}]}
                """)).singleElement().asString().contains("severity");
        assertThat(problems("""
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: r}
                spec: {groups: [{name: g, rules: [{alert: A, expr: up == 0, for: 5m, labels: {severity: critical}}]}]}
                """)).isEmpty();
        assertThat(problems("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Provider
                metadata: {name: p}
                spec: {serviceImage: i, serviceAcount: sa}
                """)).singleElement().asString().contains("serviceAcount");
        assertThat(problems("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """)).containsExactly("no model for example.com/v1 Widget");
    }
}
