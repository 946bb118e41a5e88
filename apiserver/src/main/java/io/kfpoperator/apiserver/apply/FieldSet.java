package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A set of field paths kept as a trie, as structured-merge-diff's {@code fieldpath.Set}: at each node
 * the elements that are themselves members, and the children under which further members live. A
 * path can be both (a list item owned together with fields inside it): {@code fieldsV1} writes that
 * with a {@code "."} entry.
 *
 * <p>Sets are built with {@link #insert} and then treated as values: the operations return new sets.
 */
final class FieldSet {

    private final TreeSet<PathElement> members = new TreeSet<>();
    private final TreeMap<PathElement, FieldSet> children = new TreeMap<>();

    static FieldSet of(List<List<PathElement>> paths) {
        FieldSet s = new FieldSet();
        paths.forEach(s::insert);
        return s;
    }

    /** Adds one path; its parents are not added. The empty path (the whole object) is never tracked. */
    void insert(List<PathElement> path) {
        if (path.isEmpty()) {
            return;
        }
        FieldSet s = this;
        for (int i = 0; i < path.size() - 1; i++) {
            s = s.children.computeIfAbsent(path.get(i), k -> new FieldSet());
        }
        s.members.add(path.get(path.size() - 1));
    }

    boolean has(List<PathElement> path) {
        if (path.isEmpty()) {
            return false;
        }
        FieldSet s = this;
        for (int i = 0; i < path.size() - 1; i++) {
            s = s.children.get(path.get(i));
            if (s == null) {
                return false;
            }
        }
        return s.members.contains(path.get(path.size() - 1));
    }

    boolean hasMember(PathElement pe) {
        return members.contains(pe);
    }

    boolean isEmpty() {
        if (!members.isEmpty()) {
            return false;
        }
        for (FieldSet child : children.values()) {
            if (!child.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The paths under {@code pe}, without it. */
    FieldSet withPrefix(PathElement pe) {
        FieldSet child = children.get(pe);
        return child == null ? new FieldSet() : child;
    }

    FieldSet copy() {
        FieldSet out = new FieldSet();
        out.members.addAll(members);
        children.forEach((pe, child) -> out.children.put(pe, child.copy()));
        return out;
    }

    FieldSet union(FieldSet other) {
        FieldSet out = copy();
        out.members.addAll(other.members);
        other.children.forEach((pe, child) -> {
            FieldSet mine = out.children.get(pe);
            out.children.put(pe, mine == null ? child.copy() : mine.union(child));
        });
        return out;
    }

    /** Members in both; children without common members are dropped. */
    FieldSet intersection(FieldSet other) {
        FieldSet out = new FieldSet();
        for (PathElement pe : members) {
            if (other.members.contains(pe)) {
                out.members.add(pe);
            }
        }
        children.forEach((pe, child) -> {
            FieldSet theirs = other.children.get(pe);
            if (theirs != null) {
                FieldSet both = child.intersection(theirs);
                if (!both.isEmpty()) {
                    out.children.put(pe, both);
                }
            }
        });
        return out;
    }

    /** Members of this set not in {@code other}: a parent minus its child keeps the parent, a child minus its parent stays. */
    FieldSet difference(FieldSet other) {
        FieldSet out = new FieldSet();
        for (PathElement pe : members) {
            if (!other.members.contains(pe)) {
                out.members.add(pe);
            }
        }
        children.forEach((pe, child) -> {
            FieldSet theirs = other.children.get(pe);
            if (theirs == null) {
                out.children.put(pe, child.copy());
            } else {
                FieldSet diff = child.difference(theirs);
                if (!diff.isEmpty()) {
                    out.children.put(pe, diff);
                }
            }
        });
        return out;
    }

    /** Like {@link #difference} but a member of {@code other} also takes away everything below it. */
    FieldSet recursiveDifference(FieldSet other) {
        FieldSet out = new FieldSet();
        for (PathElement pe : members) {
            if (!other.members.contains(pe)) {
                out.members.add(pe);
            }
        }
        children.forEach((pe, child) -> {
            if (other.members.contains(pe)) {
                return;
            }
            FieldSet theirs = other.children.get(pe);
            if (theirs == null) {
                out.children.put(pe, child.copy());
            } else {
                FieldSet diff = child.recursiveDifference(theirs);
                if (!diff.isEmpty()) {
                    out.children.put(pe, diff);
                }
            }
        });
        return out;
    }

    /**
     * {@code EnsureNamedFieldsAreMembers}: also makes a member of each struct field that has members
     * below it (a map key or list item is not added). Pruning works on such sets, so that dropping the
     * last owned field inside a struct can drop the struct.
     */
    FieldSet ensureNamedFieldsAreMembers(FieldType type) {
        FieldSet out = new FieldSet();
        out.members.addAll(members);
        FieldType.MapShape map = type == null ? null : type.mapShape();
        FieldType.ListShape list = type == null ? null : type.listShape();
        children.forEach((pe, child) -> {
            FieldType childType = null;
            if (pe instanceof PathElement.Field f && map != null) {
                if (map.isNamedField(f.name())) {
                    out.members.add(pe);
                }
                childType = map.typeOf(f.name());
            } else if (pe instanceof PathElement.Key && list != null) {
                childType = list.elementType;
            }
            out.children.put(pe, child.ensureNamedFieldsAreMembers(childType));
        });
        return out;
    }

    /** Each member path, depth first: at each node its members, then its children. */
    void iterate(Consumer<List<PathElement>> visitor) {
        iterate(new ArrayList<>(), visitor);
    }

    private void iterate(List<PathElement> prefix, Consumer<List<PathElement>> visitor) {
        for (PathElement pe : members) {
            List<PathElement> path = new ArrayList<>(prefix);
            path.add(pe);
            visitor.accept(List.copyOf(path));
        }
        children.forEach((pe, child) -> {
            prefix.add(pe);
            child.iterate(prefix, visitor);
            prefix.remove(prefix.size() - 1);
        });
    }

    List<List<PathElement>> paths() {
        List<List<PathElement>> out = new ArrayList<>();
        iterate(out::add);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FieldSet other)) {
            return false;
        }
        return members.equals(other.members) && children.equals(other.children);
    }

    @Override
    public int hashCode() {
        return members.size() * 31 + children.size();
    }

    @Override
    public String toString() {
        List<String> out = new ArrayList<>();
        iterate(p -> out.add(PathElement.toString(p)));
        return String.join("\n", out);
    }

    // ---- fieldsV1 -------------------------------------------------------------------------------

    /** The {@code fieldsV1} form: {@code f:}/{@code k:}/{@code v:} keys, {@code "."} where a node is also a member. */
    ObjectNode toFieldsV1() {
        ObjectNode out = Values.object();
        emit(out, false);
        return out;
    }

    private void emit(ObjectNode out, boolean includeSelf) {
        if (includeSelf && !(members.isEmpty() && children.isEmpty())) {
            out.set(".", Values.object());
        }
        TreeSet<PathElement> keys = new TreeSet<>(members);
        keys.addAll(children.keySet());
        for (PathElement pe : keys) {
            FieldSet child = children.get(pe);
            ObjectNode node = Values.object();
            if (child != null) {
                child.emit(node, members.contains(pe));
            }
            out.set(pe.serialize(), node);
        }
    }

    /** Reads {@code fieldsV1}; keys of unknown kinds are dropped. */
    static FieldSet fromFieldsV1(JsonNode fields) throws PathElement.MalformedException {
        FieldSet s = new FieldSet();
        if (fields == null || fields.isNull()) {
            return s;
        }
        if (!fields.isObject()) {
            throw new PathElement.MalformedException("fieldsV1 must be an object");
        }
        read(fields, s);
        return s;
    }

    /** Returns whether the node read is (also) a member of its parent. */
    private static boolean read(JsonNode node, FieldSet into) throws PathElement.MalformedException {
        boolean member = false;
        boolean anyChild = false;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().equals(".")) {
                member = true;
                continue;
            }
            PathElement pe = PathElement.deserialize(e.getKey());
            if (pe == null) {
                continue;
            }
            if (!e.getValue().isObject()) {
                throw new PathElement.MalformedException("value of " + e.getKey() + " must be an object");
            }
            FieldSet grandchildren = new FieldSet();
            boolean childIsMember = read(e.getValue(), grandchildren);
            if (childIsMember) {
                into.members.add(pe);
                anyChild = true;
            }
            if (!grandchildren.members.isEmpty() || !grandchildren.children.isEmpty()) {
                FieldSet existing = into.children.get(pe);
                into.children.put(pe, existing == null ? grandchildren : existing.union(grandchildren));
                anyChild = true;
            }
        }
        return member || !anyChild;
    }
}
