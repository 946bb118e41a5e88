package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Least privilege: no wildcards, Secrets never cluster-wide, namespaced Roles when namespaces are set. */
class RbacTest {

    static final List<String> KINDS = List.of("pipelines", "experiments", "runconfigurations", "runschedules", "runs", "providers");

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("defaults", Helm.renderDefaults()),
                Arguments.of("all toggles on", Helm.renderAllTogglesOn()),
                Arguments.of("namespaced", Helm.renderNamespaced()));
    }

    private static List<PolicyRule> rules(HasMetadata role) {
        List<PolicyRule> rules = role instanceof ClusterRole c ? c.getRules() : ((Role) role).getRules();
        return rules == null ? List.of() : rules;
    }

    private static List<HasMetadata> roles(Manifests manifests) {
        List<HasMetadata> roles = new ArrayList<>(manifests.all(ClusterRole.class));
        roles.addAll(manifests.all(Role.class));
        return roles;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void noRuleUsesAWildcard(String name, Manifests manifests) {
        assertThat(roles(manifests)).isNotEmpty();
        for (HasMetadata role : roles(manifests)) {
            for (PolicyRule rule : rules(role)) {
                String where = role.getKind() + "/" + role.getMetadata().getName();
                assertThat(rule.getVerbs()).as(where + " verbs").isNotEmpty().noneMatch(v -> v.contains("*"));
                assertThat(rule.getResources()).as(where + " resources").isNotEmpty().noneMatch(r -> r.contains("*"));
                assertThat(rule.getApiGroups()).as(where + " apiGroups").noneMatch(g -> g.contains("*"));
                assertThat(rule.getNonResourceURLs()).as(where + " nonResourceURLs").isNullOrEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void secretsAreNeverGrantedClusterWide(String name, Manifests manifests) {
        for (ClusterRole role : manifests.all(ClusterRole.class)) {
            assertThat(rules(role)).as(role.getMetadata().getName())
                    .noneMatch(rule -> rule.getResources().contains("secrets"));
        }
        for (Role role : manifests.all(Role.class)) {
            if (rules(role).stream().anyMatch(rule -> rule.getResources().contains("secrets"))) {
                assertThat(role.getMetadata().getNamespace()).as(role.getMetadata().getName()).isEqualTo("kfp-operator-system");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void leasesAreGrantedOnlyInTheReleaseNamespace(String name, Manifests manifests) {
        for (ClusterRole role : manifests.all(ClusterRole.class)) {
            assertThat(rules(role)).noneMatch(rule -> rule.getResources().contains("leases"));
        }
        Role leaderElection = manifests.one(Role.class, "kfp-operator-leader-election-role");
        assertThat(leaderElection.getMetadata().getNamespace()).isEqualTo("kfp-operator-system");
        assertThat(rules(leaderElection)).anySatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(rule.getResources()).containsExactly("leases");
            assertThat(rule.getVerbs()).contains("get", "create", "update");
        });
        assertThat(rules(leaderElection)).anySatisfy(rule -> {
            assertThat(rule.getResources()).containsExactly("configmaps");
            assertThat(rule.getVerbs()).containsExactly("get");
        });
    }

    @Test
    void clusterModeGrantsOurKindsTheirStatusAndFinalizersThroughOneClusterRole() {
        Manifests manifests = Helm.renderDefaults();
        ClusterRole manager = manifests.one(ClusterRole.class, "kfp-operator-manager-role");
        List<String> ours = rules(manager).stream().filter(r -> r.getApiGroups().contains("pipelines.kubeflow.org"))
                .flatMap(r -> r.getResources().stream()).toList();

        for (String kind : KINDS) {
            assertThat(ours).contains(kind, kind + "/status", kind + "/finalizers");
        }
        assertThat(rules(manager)).anySatisfy(r -> {
            assertThat(r.getApiGroups()).containsExactly("apps");
            assertThat(r.getResources()).containsExactly("deployments");
        });
        assertThat(rules(manager)).anySatisfy(r -> {
            assertThat(r.getApiGroups()).containsExactly("");
            assertThat(r.getResources()).containsExactly("services");
        });
        assertThat(rules(manager)).anySatisfy(r -> {
            assertThat(r.getResources()).containsExactly("events");
            assertThat(r.getVerbs()).containsExactlyInAnyOrder("create", "patch");
        });
        ClusterRoleBinding binding = manifests.one(ClusterRoleBinding.class, "kfp-operator-manager-rolebinding");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("kfp-operator-controller-manager");
            assertThat(s.getNamespace()).isEqualTo("kfp-operator-system");
        });
    }

    @Test
    void namespacedModeRendersRolesPerNamespaceAndNoClusterRoleForOurKinds() {
        Manifests manifests = Helm.renderNamespaced();

        for (ClusterRole role : manifests.all(ClusterRole.class)) {
            // Only the aggregated editor/viewer roles (for users) may name our kinds cluster-wide.
            if (rules(role).stream().anyMatch(r -> r.getApiGroups().contains("pipelines.kubeflow.org"))) {
                assertThat(role.getMetadata().getLabels()).containsAnyOf(
                        java.util.Map.entry("rbac.authorization.k8s.io/aggregate-to-edit", "true"),
                        java.util.Map.entry("rbac.authorization.k8s.io/aggregate-to-view", "true"));
                assertThat(role.getMetadata().getName()).matches(".*-(editor|viewer)-role");
            }
        }
        assertThat(manifests.all(ClusterRoleBinding.class)).isEmpty();
        assertThat(manifests.all(Role.class)).filteredOn(r -> r.getMetadata().getName().equals("kfp-operator-manager-role"))
                .extracting(r -> r.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(manifests.all(RoleBinding.class)).filteredOn(r -> r.getMetadata().getName().equals("kfp-operator-manager-rolebinding"))
                .extracting(r -> r.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(ConfigMapTest.config(manifests).at("/spec/namespaces")).extracting(com.fasterxml.jackson.databind.JsonNode::asText)
                .containsExactly("team-a", "team-b");
    }

    @Test
    void editorAndViewerRolesPerKindAggregateIntoTheDefaultRoles() {
        Manifests manifests = Helm.renderDefaults();

        for (String kind : KINDS) {
            String singular = kind.substring(0, kind.length() - 1);
            ClusterRole editor = manifests.one(ClusterRole.class, "kfp-operator-" + singular + "-editor-role");
            ClusterRole viewer = manifests.one(ClusterRole.class, "kfp-operator-" + singular + "-viewer-role");
            assertThat(editor.getMetadata().getLabels()).containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true");
            assertThat(viewer.getMetadata().getLabels()).containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
            assertThat(rules(viewer)).allSatisfy(r -> assertThat(r.getVerbs()).isSubsetOf("get", "list", "watch"));
        }
    }

    @Test
    void providerServiceAccountMayOnlyKeepItsWatermarkConfigMap() {
        Manifests manifests = Helm.renderAllTogglesOn();

        List<Role> watermark = manifests.all(Role.class).stream()
                .filter(r -> r.getMetadata().getName().equals("kfp-operator-provider-watermark")).toList();
        assertThat(watermark).extracting(r -> r.getMetadata().getNamespace()).containsExactlyInAnyOrder("kfp-operator-system", "team-a");
        assertThat(watermark).allSatisfy(role -> assertThat(rules(role)).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("configmaps");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "create", "update", "patch");
        }));
        assertThat(manifests.all(io.fabric8.kubernetes.api.model.ServiceAccount.class))
                .extracting(sa -> sa.getMetadata().getNamespace() + "/" + sa.getMetadata().getName())
                .contains("kfp-operator-system/kfp-operator-provider", "team-a/kfp-operator-provider",
                        "kfp-operator-system/kfp-operator-controller-manager");
    }
}
