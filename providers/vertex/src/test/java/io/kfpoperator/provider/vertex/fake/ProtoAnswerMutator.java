package io.kfpoperator.provider.vertex.fake;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Turns a valid Vertex answer into bytes no Vertex would send, of a given kind, choosing where
 * with a seeded {@link Random}, so a failing case is reproduced from its seed. Remembers the names
 * of the fields on the path to what it changed, so a test can check that an error names one.
 */
public final class ProtoAnswerMutator implements FakeVertex.AnswerMangler {

    /** The kinds of malformed answer. */
    public enum Kind {
        /** A field that was set, cleared (a name, a state, a time, the labels…). */
        MISSING_FIELD,
        /** A field written with another wire type (protobuf then reads it as an unknown field). */
        WRONG_TYPE,
        /** An enum value this client does not know (a newer Vertex's state). */
        UNKNOWN_ENUM,
        /** A non-empty list or map answered empty. */
        EMPTY_LIST,
        /** A string of 200 000 characters, the largest number, a timestamp beyond year 9999. */
        HUGE_VALUE,
        /** The message cut short. */
        TRUNCATED,
        /** Bytes that are not the message. */
        GARBLED,
        /** A list page whose next_page_token sends the client back to the page it asked for. */
        REPEATED_PAGE_TOKEN;

        /** Kinds that break the bytes, not one field. */
        public boolean breaksTheBytes() {
            return this == TRUNCATED || this == GARBLED;
        }
    }

    /** A field set in a message somewhere in the answer, and the field names leading to it. */
    private record Slot(Message.Builder owner, FieldDescriptor field, List<String> path) {
    }

    private final Kind kind;
    private final Random random;
    private final List<String> touched = new ArrayList<>();
    private final List<String> applied = new ArrayList<>();

    public ProtoAnswerMutator(Kind kind, long seed) {
        this.kind = kind;
        this.random = new Random(seed);
    }

    public Kind kind() {
        return kind;
    }

    /** Names of the fields on the path to each change, in order. */
    public synchronized List<String> touchedFields() {
        return List.copyOf(touched);
    }

    /** What was done to which answer, for the test's failure message. */
    public synchronized List<String> applied() {
        return List.copyOf(applied);
    }

    @Override
    public synchronized byte[] mangle(String method, Message request, Message answer, byte[] bytes) {
        byte[] mangled = mutate(request, answer, bytes);
        applied.add(method + ": " + kind + (touched.isEmpty() ? "" : " " + touched));
        return mangled;
    }

    private byte[] mutate(Message request, Message answer, byte[] bytes) {
        switch (kind) {
            case TRUNCATED:
                return bytes.length == 0 ? bytes : java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case GARBLED: {
                byte[] garbled = bytes.length == 0 ? new byte[] {(byte) 0xff} : bytes.clone();
                for (int i = 0; i < 1 + garbled.length / 8; i++) {
                    garbled[random.nextInt(garbled.length)] = (byte) random.nextInt(256);
                }
                return garbled;
            }
            default:
                break;
        }
        Message.Builder root = answer.toBuilder();
        switch (kind) {
            case MISSING_FIELD -> pick(root, s -> true).ifPresent(s -> {
                touched.addAll(s.path);
                s.owner.clearField(s.field);
            });
            case WRONG_TYPE -> {
                // Only top-level fields: the wrongly typed copy is appended to the answer's bytes.
                List<Slot> slots = new ArrayList<>();
                for (FieldDescriptor field : root.getDescriptorForType().getFields()) {
                    if (isSet(root, field)) {
                        slots.add(new Slot(root, field, List.of(field.getName())));
                    }
                }
                if (!slots.isEmpty()) {
                    Slot slot = slots.get(random.nextInt(slots.size()));
                    touched.addAll(slot.path);
                    root.clearField(slot.field);
                    return append(root.build().toByteArray(), wronglyTyped(slot.field));
                }
            }
            case UNKNOWN_ENUM -> pick(root, s -> s.field.getJavaType() == FieldDescriptor.JavaType.ENUM
                    && !s.field.isRepeated()).ifPresent(s -> {
                        touched.addAll(s.path);
                        s.owner.setField(s.field, s.field.getEnumType().findValueByNumberCreatingIfUnknown(987));
                    });
            case EMPTY_LIST -> pick(root, s -> s.field.isRepeated()).ifPresent(s -> {
                touched.addAll(s.path);
                s.owner.clearField(s.field);
            });
            case HUGE_VALUE -> pick(root, s -> !s.field.isRepeated() && isScalar(s.field)).ifPresent(s -> {
                touched.addAll(s.path);
                s.owner.setField(s.field, huge(s.field));
            });
            case REPEATED_PAGE_TOKEN -> {
                FieldDescriptor next = root.getDescriptorForType().findFieldByName("next_page_token");
                FieldDescriptor asked = request == null ? null : request.getDescriptorForType().findFieldByName("page_token");
                if (next != null) {
                    touched.add("next_page_token");
                    String token = asked == null ? "" : (String) request.getField(asked);
                    root.setField(next, token.isEmpty() ? "0" : token);
                }
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        return root.build().toByteArray();
    }

    private static boolean isScalar(FieldDescriptor field) {
        return switch (field.getJavaType()) {
            case STRING, INT, LONG -> true;
            default -> false;
        };
    }

    private static Object huge(FieldDescriptor field) {
        return switch (field.getJavaType()) {
            case STRING -> "x".repeat(200_000);
            case INT -> Integer.MAX_VALUE;
            case LONG -> Long.MAX_VALUE;
            default -> throw new IllegalArgumentException(field.getFullName());
        };
    }

    private static byte[] wronglyTyped(FieldDescriptor field) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            if (field.getLiteJavaType() == WireFormat.JavaType.STRING || field.getLiteJavaType() == WireFormat.JavaType.MESSAGE
                    || field.isRepeated()) {
                out.writeUInt64(field.getNumber(), 42);
            } else {
                out.writeString(field.getNumber(), "forty-two");
            }
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] append(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private java.util.Optional<Slot> pick(Message.Builder root, Predicate<Slot> eligible) {
        List<Slot> slots = new ArrayList<>();
        collect(root, List.of(), slots);
        slots.removeIf(eligible.negate());
        return slots.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(slots.get(random.nextInt(slots.size())));
    }

    /** Every set field, depth first; singular message fields are descended into (through their builders). */
    private static void collect(Message.Builder builder, List<String> path, List<Slot> slots) {
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            if (!isSet(builder, field)) {
                continue;
            }
            List<String> here = new ArrayList<>(path);
            here.add(field.getName());
            slots.add(new Slot(builder, field, here));
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()) {
                collect(builder.getFieldBuilder(field), here, slots);
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isMapField()) {
                for (int i = 0; i < builder.getRepeatedFieldCount(field); i++) {
                    collect(builder.getRepeatedFieldBuilder(field, i), here, slots);
                }
            }
        }
    }

    private static boolean isSet(com.google.protobuf.MessageOrBuilder message, FieldDescriptor field) {
        return field.isRepeated() ? message.getRepeatedFieldCount(field) > 0 : message.hasField(field);
    }
}
