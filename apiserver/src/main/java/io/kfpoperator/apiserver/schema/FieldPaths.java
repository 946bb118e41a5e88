package io.kfpoperator.apiserver.schema;

/** Field paths as apimachinery's field.Path prints them: a.b, a[0], a[key]; null is the empty root. */
final class FieldPaths {

    private FieldPaths() {
    }

    static String child(String parent, String name) {
        return parent == null ? name : parent + "." + name;
    }

    static String index(String parent, int index) {
        return (parent == null ? "" : parent) + "[" + index + "]";
    }

    static String key(String parent, String key) {
        return (parent == null ? "" : parent) + "[" + key + "]";
    }
}
