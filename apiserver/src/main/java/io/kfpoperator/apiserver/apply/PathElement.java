package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One step of a field path, as structured-merge-diff's {@code fieldpath.PathElement}: a field name
 * ({@code f:}), the key fields of a map-list item ({@code k:}), the value of a set item ({@code v:}) or an
 * index ({@code i:}). Ordered fields, keys, values, indexes, as structured-merge-diff orders them.
 */
sealed interface PathElement extends Comparable<PathElement> {

    ObjectMapper JSON = new ObjectMapper();

    /** {@code .name} */
    record Field(String name) implements PathElement {
        @Override
        public String toString() {
            return "." + name;
        }
    }

    /** {@code [k1=v1,k2=v2]}: the key fields of a map-list item, sorted by name. */
    record Key(List<KeyField> fields) implements PathElement {
        public Key {
            List<KeyField> sorted = new ArrayList<>(fields);
            sorted.sort(Comparator.comparing(KeyField::name));
            fields = List.copyOf(sorted);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && compareTo(other) == 0;
        }

        @Override
        public int hashCode() {
            return fields.size();
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            for (KeyField f : fields) {
                parts.add(f.name() + "=" + Values.toGoString(f.value()));
            }
            return "[" + String.join(",", parts) + "]";
        }
    }

    record KeyField(String name, JsonNode value) {
    }

    /** {@code [=value]}: a set item. */
    record Value(JsonNode value) implements PathElement {
        @Override
        public boolean equals(Object o) {
            return o instanceof Value other && compareTo(other) == 0;
        }

        @Override
        public int hashCode() {
            return 0;
        }

        @Override
        public String toString() {
            return "[=" + Values.toGoString(value) + "]";
        }
    }

    /** {@code [i]}: an item of an atomic list (only in validation messages). */
    record Index(int index) implements PathElement {
        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    private int rank() {
        if (this instanceof Field) {
            return 0;
        }
        if (this instanceof Key) {
            return 1;
        }
        if (this instanceof Value) {
            return 2;
        }
        return 3;
    }

    @Override
    default int compareTo(PathElement rhs) {
        int r = Integer.compare(rank(), rhs.rank());
        if (r != 0) {
            return r;
        }
        if (this instanceof Field f) {
            return Integer.signum(f.name().compareTo(((Field) rhs).name()));
        }
        if (this instanceof Key k) {
            List<KeyField> l = k.fields();
            List<KeyField> rr = ((Key) rhs).fields();
            for (int i = 0; ; i++) {
                if (i >= l.size() && i >= rr.size()) {
                    return 0;
                }
                if (i >= l.size()) {
                    return -1;
                }
                if (i >= rr.size()) {
                    return 1;
                }
                int c = Integer.signum(l.get(i).name().compareTo(rr.get(i).name()));
                if (c != 0) {
                    return c;
                }
                c = Values.compare(l.get(i).value(), rr.get(i).value());
                if (c != 0) {
                    return c;
                }
            }
        }
        if (this instanceof Value v) {
            return Values.compare(v.value(), ((Value) rhs).value());
        }
        return Integer.compare(((Index) this).index(), ((Index) rhs).index());
    }

    /** The key of this element in {@code fieldsV1}. */
    default String serialize() {
        if (this instanceof Field f) {
            return "f:" + f.name();
        }
        if (this instanceof Key k) {
            StringBuilder out = new StringBuilder("k:{");
            boolean first = true;
            for (KeyField field : k.fields()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                Values.writeGoJsonString(field.name(), out);
                out.append(':');
                Values.writeGoJson(field.value(), out);
            }
            return out.append('}').toString();
        }
        if (this instanceof Value v) {
            return "v:" + Values.goJson(v.value());
        }
        return "i:" + ((Index) this).index();
    }

    /** Thrown for a {@code fieldsV1} key this package cannot read. */
    final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;
        MalformedException(String message) {
            super(message);
        }
    }

    /**
     * Reads a {@code fieldsV1} key; null for a key of an unknown kind (structured-merge-diff drops those,
     * a later version may know them).
     */
    static PathElement deserialize(String s) throws MalformedException {
        if (s.length() < 2) {
            throw new MalformedException("key must be 2 characters long: " + s);
        }
        if (s.charAt(1) != ':') {
            throw new MalformedException("missing colon: " + s);
        }
        String rest = s.substring(2);
        switch (s.charAt(0)) {
            case 'f':
                return new Field(rest);
            case 'v':
                return new Value(parse(rest));
            case 'k': {
                JsonNode node = parse(rest);
                if (!node.isObject()) {
                    throw new MalformedException("key element is not an object: " + s);
                }
                List<KeyField> fields = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    fields.add(new KeyField(e.getKey(), e.getValue()));
                }
                return new Key(fields);
            }
            case 'i':
                try {
                    return new Index(Integer.parseInt(rest));
                } catch (NumberFormatException e) {
                    throw new MalformedException("bad index: " + s);
                }
            default:
                return null;
        }
    }

    private static JsonNode parse(String json) throws MalformedException {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new MalformedException("empty value in path element");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedException("invalid value in path element: " + json);
        }
    }

    /** A path as kube prints it: {@code .spec.containers[name="app"].image}. */
    static String toString(List<PathElement> path) {
        StringBuilder out = new StringBuilder();
        for (PathElement pe : path) {
            out.append(pe);
        }
        return out.toString();
    }
}
