package io.kfpoperator.apiserver.cel;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The actual cost of one evaluation, counted as cel-go's runtime cost tracker counts it (1 per variable and field
 * access, call costs from the argument sizes, 10/30/40 per list/map/object literal), with kube-apiserver's call costs
 * for its library. It observes cel-java's evaluation through its trace listener, keeping the last value of each
 * sub-expression so a call can be charged by its arguments' sizes; past {@code limit} it stops the evaluation.
 */
final class RuntimeCost implements CelEvaluationListener {

    /** Thrown to stop an evaluation over its limit; also remembered, since CEL's || and && may swallow it. */
    static final class LimitExceeded extends RuntimeException {
        LimitExceeded() {
            super("operation cancelled: actual cost limit exceeded", null, false, false);
        }
    }

    private final long limit;
    private final Map<Long, Object> last = new HashMap<>();
    private long cost;
    private boolean exceeded;

    RuntimeCost(long limit) {
        this.limit = limit;
    }

    long cost() {
        return cost;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    public void callback(CelExpr expr, Object result) {
        switch (expr.exprKind().getKind()) {
            case IDENT:
                cost += CostEstimator.SELECT_AND_IDENT_COST;
                break;
            case SELECT:
                if (!expr.select().testOnly()) {
                    cost += CostEstimator.SELECT_AND_IDENT_COST;
                }
                break;
            case CALL:
                cost += callCost(expr.call(), result);
                break;
            case LIST:
                cost += CostEstimator.LIST_CREATE_BASE_COST;
                break;
            case MAP:
                cost += CostEstimator.MAP_CREATE_BASE_COST;
                break;
            case STRUCT:
                cost += CostEstimator.STRUCT_CREATE_BASE_COST;
                break;
            default:
                break; // constants and comprehensions themselves are free
        }
        last.put(expr.id(), result);
        if (cost > limit) {
            exceeded = true;
            throw new LimitExceeded();
        }
    }

    private long callCost(CelExpr.CelCall call, Object result) {
        String fn = call.function();
        switch (fn) {
            case "_&&_":
            case "_||_":
            case "_?_:_":
                return 0; // the cost is in the operands
            default:
                break;
        }
        List<Object> args = new ArrayList<>();
        call.target().ifPresent(t -> args.add(last.get(t.id())));
        call.args().forEach(a -> args.add(last.get(a.id())));
        Object a0 = args.isEmpty() ? null : args.get(0);
        Object a1 = args.size() < 2 ? null : args.get(1);
        switch (fn) {
            // the Kubernetes library (k8s.io/apiserver/pkg/cel/library/cost.go, CallCost)
            case "isSorted":
            case "sum":
            case "max":
            case "min":
            case "indexOf":
            case "lastIndexOf":
                return args.isEmpty() ? 0 : traversalCost(a0);
            case "lowerAscii":
            case "upperAscii":
            case "substring":
            case "trim":
                return ceil(CelValues.actualSize(a0) * CostEstimator.STRING_TRAVERSAL_COST_FACTOR);
            case "replace":
            case "split":
                return ceil(CelValues.actualSize(a0) * 2 * CostEstimator.STRING_TRAVERSAL_COST_FACTOR);
            case "join":
                return ceil(CelValues.actualSize(result) * 2 * CostEstimator.STRING_TRAVERSAL_COST_FACTOR);
            case "find":
            case "findAll":
                if (args.size() >= 2) {
                    return ceil((1.0 + CelValues.actualSize(a0)) * CostEstimator.STRING_TRAVERSAL_COST_FACTOR)
                            * ceil(CelValues.actualSize(a1) * CostEstimator.REGEX_STRING_LENGTH_COST_FACTOR);
                }
                return 1;
            case "sets.contains":
            case "sets.intersects":
                return 1 + (long) (CelValues.actualSize(a0) * CelValues.actualSize(a1) * 1.0);
            case "sets.equivalent":
                return 1 + (long) (CelValues.actualSize(a0) * CelValues.actualSize(a1) * 2.0);
            // cel-go's defaults (interpreter/runtimecost.go)
            case "startsWith":
            case "endsWith":
            case "strings.quote":
                return ceil(CelValues.actualSize(a0) * CostEstimator.STRING_TRAVERSAL_COST_FACTOR);
            case "bytes":
            case "string":
                if ((fn.equals("bytes") && a0 instanceof String) || (fn.equals("string") && isBytes(a0))) {
                    return ceil(CelValues.actualSize(a0) * CostEstimator.STRING_TRAVERSAL_COST_FACTOR);
                }
                return 1;
            case "@in":
                return a1 instanceof List<?> l ? l.size() : 1;
            case "_<_":
            case "_>_":
            case "_<=_":
            case "_>=_":
                if (!((a0 instanceof String && a1 instanceof String) || (isBytes(a0) && isBytes(a1)))) {
                    return 1;
                }
                // fall through
            case "_==_":
            case "_!=_":
                return ceil(Math.min(CelValues.actualSize(a0), CelValues.actualSize(a1))
                        * CostEstimator.STRING_TRAVERSAL_COST_FACTOR);
            case "_+_":
                if ((a0 instanceof String && a1 instanceof String) || (isBytes(a0) && isBytes(a1))) {
                    return ceil((CelValues.actualSize(a0) + CelValues.actualSize(a1))
                            * CostEstimator.STRING_TRAVERSAL_COST_FACTOR);
                }
                return 1;
            case "matches":
                if (call.target().isPresent()) {
                    return ceil((1.0 + CelValues.actualSize(a0)) * CostEstimator.STRING_TRAVERSAL_COST_FACTOR)
                            * ceil(CelValues.actualSize(a1) * CostEstimator.REGEX_STRING_LENGTH_COST_FACTOR);
                }
                return 1;
            case "contains":
                if (a0 instanceof String && a1 instanceof String) {
                    return ceil(CelValues.actualSize(a0) * CostEstimator.STRING_TRAVERSAL_COST_FACTOR)
                            * ceil(CelValues.actualSize(a1) * CostEstimator.STRING_TRAVERSAL_COST_FACTOR);
                }
                return 1;
            default:
                return 1;
        }
    }

    private static boolean isBytes(Object o) {
        return o instanceof dev.cel.common.values.CelByteString || o instanceof com.google.protobuf.ByteString;
    }

    private static long ceil(double d) {
        return (long) Math.ceil(d);
    }

    /** kube-apiserver's traversalCost: a tenth of each string's length, recursively through lists and maps. */
    private static long traversalCost(Object v) {
        if (v instanceof String s) {
            return (long) (s.length() * CostEstimator.STRING_TRAVERSAL_COST_FACTOR);
        }
        if (isBytes(v)) {
            return (long) (CelValues.actualSize(v) * CostEstimator.STRING_TRAVERSAL_COST_FACTOR);
        }
        if (v instanceof List<?> l) {
            long c = 0;
            for (Object o : l) {
                c += traversalCost(o);
            }
            return c;
        }
        if (v instanceof Map<?, ?> m) {
            long c = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                c += traversalCost(e.getKey()) + traversalCost(e.getValue());
            }
            return c;
        }
        return 1;
    }
}
