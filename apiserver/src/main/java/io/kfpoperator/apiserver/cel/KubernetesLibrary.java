package io.kfpoperator.apiserver.cel;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.common.values.CelByteString;
import dev.cel.runtime.CelFunctionBinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The functions kube-apiserver adds to CEL that cel-java does not have: the Kubernetes list library
 * ({@code isSorted}, {@code sum}, {@code min}, {@code max}, {@code indexOf}, {@code lastIndexOf}) and the regex
 * library ({@code find}, {@code findAll}); plus kube-apiserver's equality, which knows that set and map lists ignore
 * order. Overload ids are kube-apiserver's.
 */
final class KubernetesLibrary {

    private KubernetesLibrary() {
    }

    private static final TypeParamType A = TypeParamType.create("A");

    /** Element types the list functions accept, by the suffix kube-apiserver's overload ids use. */
    private static final Map<String, CelType> COMPARABLE = Map.of(
            "int", SimpleType.INT, "uint", SimpleType.UINT, "double", SimpleType.DOUBLE, "bool", SimpleType.BOOL,
            "bytes", SimpleType.BYTES, "string", SimpleType.STRING, "duration", SimpleType.DURATION,
            "timestamp", SimpleType.TIMESTAMP);
    private static final Map<String, CelType> SUMMABLE = Map.of(
            "int", SimpleType.INT, "uint", SimpleType.UINT, "double", SimpleType.DOUBLE, "duration", SimpleType.DURATION);

    static List<CelFunctionDecl> declarations() {
        List<CelFunctionDecl> decls = new ArrayList<>();
        List<CelOverloadDecl> isSorted = new ArrayList<>();
        List<CelOverloadDecl> min = new ArrayList<>();
        List<CelOverloadDecl> max = new ArrayList<>();
        COMPARABLE.forEach((n, t) -> {
            isSorted.add(CelOverloadDecl.newMemberOverload("list_" + n + "_is_sorted_bool", SimpleType.BOOL, ListType.create(t)));
            min.add(CelOverloadDecl.newMemberOverload("list_" + n + "_min_" + n, t, ListType.create(t)));
            max.add(CelOverloadDecl.newMemberOverload("list_" + n + "_max_" + n, t, ListType.create(t)));
        });
        List<CelOverloadDecl> sum = new ArrayList<>();
        SUMMABLE.forEach((n, t) -> sum.add(CelOverloadDecl.newMemberOverload("list_" + n + "_sum_" + n, t, ListType.create(t))));
        decls.add(CelFunctionDecl.newFunctionDeclaration("isSorted", isSorted));
        decls.add(CelFunctionDecl.newFunctionDeclaration("sum", sum));
        decls.add(CelFunctionDecl.newFunctionDeclaration("min", min));
        decls.add(CelFunctionDecl.newFunctionDeclaration("max", max));
        decls.add(CelFunctionDecl.newFunctionDeclaration("indexOf",
                CelOverloadDecl.newMemberOverload("list_a_index_of_int", SimpleType.INT, ListType.create(A), A)));
        decls.add(CelFunctionDecl.newFunctionDeclaration("lastIndexOf",
                CelOverloadDecl.newMemberOverload("list_a_last_index_of_int", SimpleType.INT, ListType.create(A), A)));
        decls.add(CelFunctionDecl.newFunctionDeclaration("find",
                CelOverloadDecl.newMemberOverload("string_find_string", SimpleType.STRING, SimpleType.STRING, SimpleType.STRING)));
        decls.add(CelFunctionDecl.newFunctionDeclaration("findAll",
                CelOverloadDecl.newMemberOverload("string_find_all_string", ListType.create(SimpleType.STRING),
                        SimpleType.STRING, SimpleType.STRING),
                CelOverloadDecl.newMemberOverload("string_find_all_string_int", ListType.create(SimpleType.STRING),
                        SimpleType.STRING, SimpleType.STRING, SimpleType.INT)));
        return decls;
    }

    static List<CelFunctionBinding> bindings() {
        List<CelFunctionBinding> b = new ArrayList<>();
        COMPARABLE.keySet().forEach(n -> {
            b.add(CelFunctionBinding.from("list_" + n + "_is_sorted_bool", List.class, KubernetesLibrary::isSorted));
            b.add(CelFunctionBinding.from("list_" + n + "_min_" + n, List.class, l -> extreme(l, -1, "min")));
            b.add(CelFunctionBinding.from("list_" + n + "_max_" + n, List.class, l -> extreme(l, 1, "max")));
        });
        SUMMABLE.keySet().forEach(n -> b.add(CelFunctionBinding.from("list_" + n + "_sum_" + n, List.class, l -> sum(l, n))));
        b.add(CelFunctionBinding.from("list_a_index_of_int", List.class, Object.class, (l, v) -> indexOf(l, v, false)));
        b.add(CelFunctionBinding.from("list_a_last_index_of_int", List.class, Object.class, (l, v) -> indexOf(l, v, true)));
        b.add(CelFunctionBinding.from("string_find_string", String.class, String.class, KubernetesLibrary::find));
        b.add(CelFunctionBinding.from("string_find_all_string", String.class, String.class,
                (s, re) -> findAll(s, re, -1)));
        b.add(CelFunctionBinding.from("string_find_all_string_int", List.of(String.class, String.class, Long.class),
                args -> findAll((String) args[0], (String) args[1], (Long) args[2])));
        b.add(CelFunctionBinding.from("equals", Object.class, Object.class, CelValues::equal));
        b.add(CelFunctionBinding.from("not_equals", Object.class, Object.class, (x, y) -> !CelValues.equal(x, y)));
        return b;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof CelByteString x && b instanceof CelByteString y) {
            return compareBytes(x.toByteArray(), y.toByteArray());
        }
        if (a instanceof com.google.common.primitives.UnsignedLong x && b instanceof com.google.common.primitives.UnsignedLong y) {
            return x.compareTo(y);
        }
        if (a instanceof Comparable x) {
            return x.compareTo(b);
        }
        throw new IllegalArgumentException("no such overload");
    }

    private static int compareBytes(byte[] x, byte[] y) {
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Integer.compare(x[i] & 0xff, y[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static boolean isSorted(List<?> l) {
        for (int i = 1; i < l.size(); i++) {
            if (compare(l.get(i - 1), l.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    private static Object extreme(List<?> l, int sign, String name) {
        if (l.isEmpty()) {
            throw new IllegalArgumentException(name + " called on empty list");
        }
        Object best = l.get(0);
        for (int i = 1; i < l.size(); i++) {
            if (Integer.signum(compare(l.get(i), best)) == sign) {
                best = l.get(i);
            }
        }
        return best;
    }

    private static Object sum(List<?> l, String type) {
        switch (type) {
            case "double": {
                double s = 0;
                for (Object o : l) {
                    s += ((Number) o).doubleValue();
                }
                return s;
            }
            case "duration": {
                Duration s = Duration.ZERO;
                for (Object o : l) {
                    s = s.plus((Duration) o);
                }
                return s;
            }
            case "uint": {
                com.google.common.primitives.UnsignedLong s = com.google.common.primitives.UnsignedLong.ZERO;
                for (Object o : l) {
                    s = s.plus(o instanceof com.google.common.primitives.UnsignedLong u ? u
                            : com.google.common.primitives.UnsignedLong.fromLongBits(((Number) o).longValue()));
                }
                return s;
            }
            default: {
                long s = 0;
                for (Object o : l) {
                    s = Math.addExact(s, ((Number) o).longValue());
                }
                return s;
            }
        }
    }

    private static long indexOf(List<?> l, Object v, boolean last) {
        if (last) {
            for (int i = l.size() - 1; i >= 0; i--) {
                if (CelValues.equal(l.get(i), v)) {
                    return i;
                }
            }
        } else {
            for (int i = 0; i < l.size(); i++) {
                if (CelValues.equal(l.get(i), v)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static Pattern compile(String re) {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("error parsing regexp: " + e.getMessage());
        }
    }

    private static String find(String s, String re) {
        Matcher m = compile(re).matcher(s);
        return m.find() ? m.group() : "";
    }

    private static List<String> findAll(String s, String re, long limit) {
        Matcher m = compile(re).matcher(s);
        List<String> out = new ArrayList<>();
        while ((limit < 0 || out.size() < limit) && m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
