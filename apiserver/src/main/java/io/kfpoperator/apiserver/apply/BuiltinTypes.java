package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.node.TextNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The merge topology kube-apiserver declares (by {@code +listType}, {@code +listMapKey},
 * {@code +mapType}, {@code +structType} markers in k8s.io/api) for the parts of built-in kinds this
 * project writes. Structs are open (every key is a field), lists not listed here are atomic.
 */
final class BuiltinTypes {

    private BuiltinTypes() {
    }

    private static final FieldType STRING_MAP = FieldType.map(FieldType.string());

    /** OwnerReference is {@code +structType=atomic}. */
    private static final FieldType OWNER_REFERENCE = FieldType.struct(fields(
            "apiVersion", FieldType.string(),
            "kind", FieldType.string(),
            "name", FieldType.string(),
            "uid", FieldType.string(),
            "controller", FieldType.bool(),
            "blockOwnerDeletion", FieldType.bool())).atomic();

    /** {@code io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}. */
    static final FieldType OBJECT_META = FieldType.struct(fields(
            "name", FieldType.string(),
            "generateName", FieldType.string(),
            "namespace", FieldType.string(),
            "selfLink", FieldType.string(),
            "uid", FieldType.string(),
            "resourceVersion", FieldType.string(),
            "generation", FieldType.numeric(),
            "creationTimestamp", FieldType.untypedScalar(),
            "deletionTimestamp", FieldType.untypedScalar(),
            "deletionGracePeriodSeconds", FieldType.numeric(),
            "labels", STRING_MAP,
            "annotations", STRING_MAP,
            "ownerReferences", FieldType.mapList(OWNER_REFERENCE, "uid"),
            "finalizers", FieldType.setList(FieldType.string()),
            "managedFields", FieldType.atomicList(FieldType.atomicUntyped())));

    /** LabelSelector is {@code +structType=atomic}. */
    private static final FieldType LABEL_SELECTOR = FieldType.openStruct(Map.of("matchLabels", STRING_MAP)).atomic();

    private static final FieldType CONTAINER_PORT = FieldType.openStruct(Map.of()).withDefault("protocol", TextNode.valueOf("TCP"));
    private static final FieldType SERVICE_PORT = FieldType.openStruct(Map.of()).withDefault("protocol", TextNode.valueOf("TCP"));

    private static final FieldType RESOURCES = FieldType.openStruct(fields(
            "limits", FieldType.map(FieldType.untypedScalar()),
            "requests", FieldType.map(FieldType.untypedScalar()),
            "claims", FieldType.mapList(FieldType.open(), "name")));

    private static final FieldType CONTAINER = FieldType.openStruct(fields(
            "ports", FieldType.mapList(CONTAINER_PORT, "containerPort", "protocol"),
            "env", FieldType.mapList(FieldType.open(), "name"),
            "volumeMounts", FieldType.mapList(FieldType.open(), "mountPath"),
            "volumeDevices", FieldType.mapList(FieldType.open(), "devicePath"),
            "resources", RESOURCES));

    private static final FieldType POD_SPEC = FieldType.openStruct(fields(
            "containers", FieldType.mapList(CONTAINER, "name"),
            "initContainers", FieldType.mapList(CONTAINER, "name"),
            "ephemeralContainers", FieldType.mapList(CONTAINER, "name"),
            "volumes", FieldType.mapList(FieldType.open(), "name"),
            "imagePullSecrets", FieldType.mapList(FieldType.open(), "name"),
            "hostAliases", FieldType.mapList(FieldType.open(), "ip"),
            "topologySpreadConstraints", FieldType.mapList(FieldType.open(), "topologyKey", "whenUnsatisfiable"),
            "schedulingGates", FieldType.mapList(FieldType.open(), "name"),
            "resourceClaims", FieldType.mapList(FieldType.open(), "name"),
            "nodeSelector", STRING_MAP.atomic()));

    private static final FieldType POD_TEMPLATE_SPEC = FieldType.openStruct(fields(
            "metadata", OBJECT_META,
            "spec", POD_SPEC));

    private static final FieldType CONDITIONS = FieldType.mapList(FieldType.open(), "type");

    private static final FieldType WORKLOAD_STATUS = FieldType.openStruct(fields("conditions", CONDITIONS));

    private static FieldType workload(FieldType spec) {
        return resource(fields("spec", spec, "status", WORKLOAD_STATUS));
    }

    private static FieldType resource(Map<String, FieldType> fields) {
        Map<String, FieldType> all = new LinkedHashMap<>();
        all.put("apiVersion", FieldType.string());
        all.put("kind", FieldType.string());
        all.put("metadata", OBJECT_META);
        all.putAll(fields);
        return FieldType.openStruct(all);
    }

    static FieldType forKind(String group, String kind) {
        FieldType templated = FieldType.openStruct(fields("selector", LABEL_SELECTOR, "template", POD_TEMPLATE_SPEC));
        return switch (group + "/" + kind) {
            case "apps/Deployment", "apps/ReplicaSet", "apps/StatefulSet", "apps/DaemonSet" -> workload(templated);
            case "batch/Job" -> workload(templated);
            case "batch/CronJob" -> workload(FieldType.openStruct(fields(
                    "jobTemplate", FieldType.openStruct(fields("metadata", OBJECT_META, "spec", templated)))));
            case "/Pod" -> resource(fields("spec", POD_SPEC, "status", FieldType.openStruct(fields(
                    "conditions", CONDITIONS,
                    "podIPs", FieldType.mapList(FieldType.open(), "ip")))));
            case "/PodTemplate" -> resource(fields("template", POD_TEMPLATE_SPEC));
            case "/Service" -> resource(fields(
                    "spec", FieldType.openStruct(fields(
                            "ports", FieldType.mapList(SERVICE_PORT, "port", "protocol"),
                            "selector", STRING_MAP.atomic())),
                    "status", FieldType.openStruct(fields("conditions", CONDITIONS))));
            case "/ConfigMap" -> resource(fields(
                    "data", STRING_MAP,
                    "binaryData", STRING_MAP));
            case "/Secret" -> resource(fields(
                    "data", STRING_MAP,
                    "stringData", STRING_MAP));
            case "/ServiceAccount" -> resource(fields("secrets", FieldType.mapList(FieldType.open(), "name")));
            default -> resource(Map.of());
        };
    }

    private static Map<String, FieldType> fields(Object... nameTypePairs) {
        Map<String, FieldType> out = new LinkedHashMap<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            out.put((String) nameTypePairs[i], (FieldType) nameTypePairs[i + 1]);
        }
        return out;
    }
}
