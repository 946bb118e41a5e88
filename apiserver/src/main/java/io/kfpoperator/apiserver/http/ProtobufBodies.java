package io.kfpoperator.apiserver.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Request bodies kubectl sends as Kubernetes protobuf: the {@code kubectl create namespace|configmap|secret}
 * generators use typed clients that encode that way, and the mock only reads JSON. Decodes the
 * envelope and the few fields those commands set (metadata name/namespace/labels/annotations,
 * ConfigMap and Secret data); anything else is refused with 415 so the user can send YAML.
 */
final class ProtobufBodies {

    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ProtobufBodies() {
    }

    static Optional<ObjectNode> toJson(byte[] body) {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            return Optional.empty();
        }
        Reader envelope = new Reader(body, MAGIC.length, body.length);
        String apiVersion = null;
        String kind = null;
        Reader raw = null;
        while (envelope.more()) {
            int field = envelope.key();
            if (field == 1) {
                Reader typeMeta = envelope.message();
                while (typeMeta.more()) {
                    int f = typeMeta.key();
                    if (f == 1) {
                        apiVersion = typeMeta.string();
                    } else if (f == 2) {
                        kind = typeMeta.string();
                    } else {
                        typeMeta.skip();
                    }
                }
            } else if (field == 2) {
                raw = envelope.message();
            } else {
                envelope.skip();
            }
        }
        if (raw == null || kind == null || !"v1".equals(apiVersion) || !(kind.equals("Namespace") || kind.equals("ConfigMap") || kind.equals("Secret"))) {
            return Optional.empty();
        }
        ObjectNode object = JSON.objectNode().put("apiVersion", apiVersion).put("kind", kind);
        while (raw.more()) {
            int field = raw.key();
            if (field == 1) {
                object.set("metadata", metadata(raw.message()));
            } else if (field == 2 && !kind.equals("Namespace")) {
                object.withObjectProperty("data").setAll(entry(raw.message(), kind.equals("Secret")));
            } else if (field == 3 && kind.equals("ConfigMap")) {
                object.withObjectProperty("binaryData").setAll(entry(raw.message(), true));
            } else if (field == 3 && kind.equals("Secret")) {
                object.put("type", raw.string());
            } else {
                raw.skip();
            }
        }
        return Optional.of(object);
    }

    private static ObjectNode metadata(Reader meta) {
        ObjectNode metadata = JSON.objectNode();
        while (meta.more()) {
            int field = meta.key();
            switch (field) {
                // Protobuf cannot tell unset from empty; an empty generateName or namespace means unset.
                case 1 -> putIfSet(metadata, "name", meta.string());
                case 2 -> putIfSet(metadata, "generateName", meta.string());
                case 3 -> putIfSet(metadata, "namespace", meta.string());
                case 11 -> metadata.withObjectProperty("labels").setAll(entry(meta.message(), false));
                case 12 -> metadata.withObjectProperty("annotations").setAll(entry(meta.message(), false));
                default -> meta.skip();
            }
        }
        return metadata;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (!value.isEmpty()) {
            node.put(field, value);
        }
    }

    /** One entry of a map field (maps arrive as one key/value message per entry). */
    private static ObjectNode entry(Reader entry, boolean binary) {
        String key = null;
        String value = "";
        while (entry.more()) {
            int field = entry.key();
            if (field == 1) {
                key = entry.string();
            } else if (field == 2) {
                byte[] bytes = entry.bytes();
                value = binary ? Base64.getEncoder().encodeToString(bytes) : new String(bytes, StandardCharsets.UTF_8);
            } else {
                entry.skip();
            }
        }
        ObjectNode one = JSON.objectNode();
        if (key != null) {
            one.put(key, value);
        }
        return one;
    }

    /** Protobuf wire format over a slice of bytes. */
    private static final class Reader {
        private final byte[] data;
        private int pos;
        private final int end;
        private int wireType;

        Reader(byte[] data, int from, int to) {
            this.data = data;
            this.pos = from;
            this.end = to;
        }

        boolean more() {
            return pos < end;
        }

        int key() {
            long key = varint();
            wireType = (int) (key & 7);
            return (int) (key >>> 3);
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = data[pos++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed protobuf varint");
        }

        byte[] bytes() {
            int length = (int) varint();
            byte[] bytes = Arrays.copyOfRange(data, pos, pos + length);
            pos += length;
            return bytes;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        Reader message() {
            int length = (int) varint();
            Reader reader = new Reader(data, pos, pos + length);
            pos += length;
            return reader;
        }

        void skip() {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> {
                    // Read the length first: `pos += varint()` would add it to pos as it was before the varint.
                    int length = (int) varint();
                    pos += length;
                }
                case 5 -> pos += 4;
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wireType);
            }
        }
    }
}
