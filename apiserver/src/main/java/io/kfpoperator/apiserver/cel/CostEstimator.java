package io.kfpoperator.apiserver.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * kube-apiserver's static cost estimate of a checked CEL expression: cel-go's checker cost model
 * ({@code checker/cost.go}) with the Kubernetes library's call costs ({@code k8s.io/apiserver/pkg/cel/library/cost.go})
 * and the CRD size estimator, which sizes {@code self...} paths from the schema ({@link DeclType#maxElements}).
 * cel-java has no cost estimator of its own, so this walks cel-java's AST with the same rules. Sizes and costs are
 * unsigned 64-bit ranges that saturate, as in Go.
 */
final class CostEstimator {

    static final double STRING_TRAVERSAL_COST_FACTOR = 0.1;
    static final double REGEX_STRING_LENGTH_COST_FACTOR = 0.25;
    static final long SELECT_AND_IDENT_COST = 1;
    static final long CONST_COST = 0;
    static final long LIST_CREATE_BASE_COST = 10;
    static final long MAP_CREATE_BASE_COST = 30;
    static final long STRUCT_CREATE_BASE_COST = 40;
    /** kube-apiserver counts has() as free (cel-go's PresenceTestHasCost(false)). */
    static final long PRESENCE_TEST_COST = 0;

    static final long MAX = -1L; // 2^64-1 as unsigned

    /** An unsigned [min, max] range. */
    record Range(long min, long max) {
        static Range fixed(long v) {
            return new Range(v, v);
        }

        static final Range UNKNOWN = new Range(0, MAX);

        Range add(Range o) {
            return new Range(addU(min, o.min), addU(max, o.max));
        }

        Range multiply(Range o) {
            return new Range(mulU(min, o.min), mulU(max, o.max));
        }

        Range multiplyByCostFactor(double f) {
            return new Range(mulFactor(min, f), mulFactor(max, f));
        }

        Range union(Range o) {
            return new Range(Long.compareUnsigned(o.min, min) < 0 ? o.min : min,
                    Long.compareUnsigned(o.max, max) > 0 ? o.max : max);
        }
    }

    private enum Container { LIST, MAP, UNKNOWN }

    private record EntrySize(Container container, Range key, Range val) {
        EntrySize union(EntrySize o) {
            if (o == null) {
                return null;
            }
            return new EntrySize(container, key.union(o.key), val.union(o.val));
        }
    }

    private record LocalVar(List<String> path, Range size, EntrySize entrySize) {
    }

    /** What the size estimators see of an expression: its path from a variable, its type and its computed size. */
    private record Node(List<String> path, CelType type, CelExpr expr, Range computedSize) {
    }

    private final CelAbstractSyntaxTree ast;
    private final DeclType root;
    private final Map<Long, List<String>> exprPaths = new HashMap<>();
    private final Map<String, Deque<LocalVar>> localVars = new HashMap<>();
    private final Map<Long, Range> computedSizes = new HashMap<>();
    private final Map<Long, EntrySize> computedEntrySizes = new HashMap<>();

    private CostEstimator(CelAbstractSyntaxTree ast, DeclType root) {
        this.ast = ast;
        this.root = root;
    }

    /** The estimated [min, max] cost of one evaluation of {@code ast}, where {@code self} has type {@code root}. */
    static Range estimate(CelAbstractSyntaxTree ast, DeclType root) {
        return new CostEstimator(ast, root).cost(ast.getExpr());
    }

    private Range cost(CelExpr e) {
        if (e == null) {
            return Range.fixed(0);
        }
        switch (e.exprKind().getKind()) {
            case CONSTANT:
                return Range.fixed(CONST_COST);
            case IDENT:
                return costIdent(e);
            case SELECT:
                return costSelect(e);
            case CALL:
                return costCall(e);
            case LIST:
                return costCreateList(e);
            case MAP:
                return costCreateMap(e);
            case STRUCT:
                return costCreateStruct(e);
            case COMPREHENSION:
                return isBind(e) ? costBind(e) : costComprehension(e);
            default:
                return Range.fixed(0);
        }
    }

    private Range costIdent(CelExpr e) {
        String name = e.ident().name();
        LocalVar v = peek(name);
        exprPaths.put(e.id(), v != null ? v.path : List.of(name));
        return Range.fixed(SELECT_AND_IDENT_COST);
    }

    private Range costSelect(CelExpr e) {
        CelExpr.CelSelect sel = e.select();
        if (sel.testOnly()) {
            // has(): the operand's cost only (presence tests are free in kube-apiserver)
            return Range.fixed(PRESENCE_TEST_COST).add(cost(sel.operand()));
        }
        Range sum = cost(sel.operand());
        CelKind k = type(sel.operand()).kind();
        if (k == CelKind.MAP || k == CelKind.STRUCT || k == CelKind.TYPE_PARAM) {
            sum = sum.add(Range.fixed(SELECT_AND_IDENT_COST));
        }
        exprPaths.put(e.id(), append(path(sel.operand()), sel.field()));
        return sum;
    }

    private Range costCall(CelExpr e) {
        CelExpr.CelCall call = e.call();
        if (call.function().equals("dyn") && call.args().size() == 1) {
            // dyn() only switches off type checking: 1 plus its argument, sizes pass through
            CelExpr arg = call.args().get(0);
            Range argCost = cost(arg);
            copySizeEstimates(e, arg);
            return Range.fixed(1).add(argCost);
        }
        List<CelExpr> args = call.args();
        List<Node> argNodes = new ArrayList<>();
        List<Range> argCosts = new ArrayList<>();
        for (CelExpr arg : args) {
            argCosts.add(cost(arg));
            argNodes.add(newNode(arg));
        }
        List<String> overloads = ast.getReference(e.id()).map(CelReference::overloadIds).orElse(null);
        if (overloads == null || overloads.isEmpty()) {
            return Range.fixed(0);
        }
        Range sum = Range.fixed(0);
        Node target = null;
        if (call.target().isPresent()) {
            sum = sum.add(cost(call.target().get()));
            target = newNode(call.target().get());
        }
        Range fnCost = new Range(MAX, 0);
        Range resultSize = null;
        for (String overload : overloads) {
            CallEstimate est = functionCost(e, call.function(), overload, target, argNodes, argCosts);
            fnCost = fnCost.union(est.cost);
            if (est.resultSize != null) {
                resultSize = resultSize == null ? est.resultSize : resultSize.union(est.resultSize);
            }
            if (call.function().equals("_[_]") && !args.isEmpty()) {
                CelKind k = type(args.get(0)).kind();
                if (k == CelKind.LIST || k == CelKind.MAP) {
                    EntrySize entry = computeEntrySize(args.get(0));
                    resultSize = entry == null ? null : entry.val;
                    exprPaths.put(e.id(), append(path(args.get(0)), k == CelKind.LIST ? "@items" : "@values"));
                }
            }
            if (resultSize == null) {
                resultSize = computeSize(e);
            }
        }
        setSize(e, resultSize);
        return sum.add(fnCost);
    }

    private Range costCreateList(CelExpr e) {
        List<CelExpr> elements = e.list().elements();
        Range sum = Range.fixed(0);
        Range itemSize = new Range(elements.isEmpty() ? 0 : MAX, 0);
        for (CelExpr el : elements) {
            sum = sum.add(cost(el));
            itemSize = itemSize.union(sizeOrUnknown(el));
        }
        computedEntrySizes.put(e.id(), new EntrySize(Container.LIST, Range.fixed(1), itemSize));
        return sum.add(Range.fixed(LIST_CREATE_BASE_COST));
    }

    private Range costCreateMap(CelExpr e) {
        var entries = e.map().entries();
        Range sum = Range.fixed(0);
        Range keySize = new Range(entries.isEmpty() ? 0 : MAX, 0);
        Range valSize = new Range(entries.isEmpty() ? 0 : MAX, 0);
        for (var entry : entries) {
            sum = sum.add(cost(entry.key()));
            sum = sum.add(cost(entry.value()));
            keySize = keySize.union(sizeOrUnknown(entry.key()));
            valSize = valSize.union(sizeOrUnknown(entry.value()));
        }
        computedEntrySizes.put(e.id(), new EntrySize(Container.MAP, keySize, valSize));
        return sum.add(Range.fixed(MAP_CREATE_BASE_COST));
    }

    private Range costCreateStruct(CelExpr e) {
        Range sum = Range.fixed(0);
        for (var entry : e.struct().entries()) {
            sum = sum.add(cost(entry.value()));
        }
        return sum.add(Range.fixed(STRUCT_CREATE_BASE_COST));
    }

    private Range costComprehension(CelExpr e) {
        CelExpr.CelComprehension comp = e.comprehension();
        Range sum = cost(comp.iterRange()).add(cost(comp.accuInit()));
        pushLocalVar(comp.accuVar(), comp.accuInit());
        boolean twoVars = comp.iterVar2() != null && !comp.iterVar2().isEmpty();
        if (twoVars) {
            pushIter(comp.iterVar(), comp.iterRange(), true, false);
            pushIter(comp.iterVar2(), comp.iterRange(), false, false);
        } else {
            pushIter(comp.iterVar(), comp.iterRange(), false, true);
        }
        // cost of one iteration: the loop condition and the step
        Range loopCost = cost(comp.loopCondition());
        Range stepCost = cost(comp.loopStep());
        pop(comp.iterVar());
        if (twoVars) {
            pop(comp.iterVar2());
        }
        sum = sum.add(cost(comp.result()));
        pop(comp.accuVar());
        Range rangeCnt = sizeOrUnknown(comp.iterRange());
        sum = sum.add(rangeCnt.multiply(stepCost.add(loopCost)));
        switch (comp.accuInit().exprKind().getKind()) {
            case CONSTANT:
                setSize(e, computeSize(comp.accuInit()));
                break;
            case LIST:
            case MAP:
                setSize(e, rangeCnt);
                EntrySize step = computeEntrySize(comp.loopStep());
                if (step != null) {
                    computedEntrySizes.put(e.id(), step);
                }
                break;
            default:
                break;
        }
        return sum;
    }

    private boolean isBind(CelExpr e) {
        CelExpr.CelComprehension comp = e.comprehension();
        CelExpr range = comp.iterRange();
        CelExpr cond = comp.loopCondition();
        return range.exprKind().getKind() == CelExpr.ExprKind.Kind.LIST && range.list().elements().isEmpty()
                && cond.exprKind().getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && cond.constant().getKind() == CelConstant.Kind.BOOLEAN_VALUE && !cond.constant().booleanValue()
                && !comp.accuVar().equals("__result__");
    }

    private Range costBind(CelExpr e) {
        CelExpr.CelComprehension comp = e.comprehension();
        Range sum = cost(comp.iterRange()).add(cost(comp.accuInit()));
        pushLocalVar(comp.accuVar(), comp.accuInit());
        sum = sum.add(cost(comp.result()));
        pop(comp.accuVar());
        copySizeEstimates(e, comp.result());
        return sum;
    }

    private record CallEstimate(Range cost, Range resultSize) {
    }

    private CallEstimate functionCost(CelExpr e, String function, String overloadId, Node target, List<Node> args,
                                      List<Range> argCosts) {
        Range argSum = Range.fixed(0);
        for (Range c : argCosts) {
            argSum = argSum.add(c);
        }
        // cel-go's per-overload estimators of the extensions (sets)
        if (function.startsWith("sets.") && args.size() == 2) {
            double factor = function.equals("sets.equivalent") ? 2 : 1;
            Range c = sizeEstimate(args.get(0)).multiply(sizeEstimate(args.get(1))).multiplyByCostFactor(factor)
                    .add(Range.fixed(1));
            return new CallEstimate(c.add(argSum), null);
        }
        CallEstimate kube = kubernetesCallCost(function, overloadId, target, args);
        if (kube != null) {
            return new CallEstimate(kube.cost.add(argSum), kube.resultSize);
        }
        CelKind arg0 = args.isEmpty() ? null : args.get(0).type.kind();
        CelKind arg1 = args.size() < 2 ? null : args.get(1).type.kind();
        switch (function) {
            case "bytes":
                if (args.size() == 1 && arg0 == CelKind.STRING) {
                    Range sz = sizeOrUnknown(args.get(0));
                    return new CallEstimate(sz.multiplyByCostFactor(STRING_TRAVERSAL_COST_FACTOR).add(argSum),
                            new Range(sz.min, mulU(sz.max, 4)));
                }
                break;
            case "string":
                if (args.size() == 1 && arg0 == CelKind.BYTES) {
                    Range sz = sizeOrUnknown(args.get(0));
                    return new CallEstimate(sz.multiplyByCostFactor(STRING_TRAVERSAL_COST_FACTOR).add(argSum),
                            new Range(Long.divideUnsigned(sz.min, 4), sz.max));
                }
                break;
            case "strings.quote":
                if (args.size() == 1) {
                    Range sz = sizeOrUnknown(args.get(0));
                    return new CallEstimate(sz.multiplyByCostFactor(STRING_TRAVERSAL_COST_FACTOR).add(argSum),
                            new Range(addU(sz.min, 2), addU(mulU(sz.max, 2), 2)));
                }
                break;
            case "startsWith":
            case "endsWith":
                if (target != null && args.size() == 1) {
                    return new CallEstimate(sizeOrUnknown(args.get(0))
                            .multiplyByCostFactor(STRING_TRAVERSAL_COST_FACTOR).add(argSum), null);
                }
                break;
            case "@in":
                if (args.size() == 2 && arg1 == CelKind.LIST) {
                    return new CallEstimate(sizeOrUnknown(args.get(1)).multiplyByCostFactor(1).add(argSum), null);
                }
                break;
            case "matches":
                if (target != null && args.size() == 1) {
                    Range strCost = sizeOrUnknown(target).add(Range.fixed(1))
                            .multiplyByCostFactor(STRING_TRAVERSAL_COST_FACTOR);
                    Range regexCost = sizeOrUnknown(args.get(0)).multiplyByCostFactor(REGEX_STRING_LENGTH_COST_FACTOR);
                    return new CallEstimate(strCost.multiply(regexCost).add(argSum), null);
                }
                break;
            case "contains":
                if (target != null && args.size() == 1 && target.type.kind() == CelKind.STRING) {
                    Range strCost = sizeOrUnknown(target).multiplyByCostFactor(STRING_TRAVERSAL_COST_FACTOR);
                    Range subCost = sizeOrUnknown(args.get(0)).multiplyByCostFactor(STRING_TRAVERSAL_COST_FACTOR);
                    return new CallEstimate(strCost.multiply(subCost).add(argSum), null);
                }
                break;
            case "_||_":
            case "_&&_": {
                // short-circuit: the minimum is the left side alone
                Range lhs = argCosts.get(0);
                Range rhs = argCosts.get(1);
                return new CallEstimate(new Range(lhs.min, lhs.add(rhs).max), null);
            }
            case "_?_:_": {
                Range size = sizeOrUnknown(args.get(1)).union(sizeOrUnknown(args.get(2)));
                EntrySize t = computeEntrySize(args.get(1).expr);
                EntrySize entry = t == null ? null : t.union(computeEntrySize(args.get(2).expr));
                if (entry != null) {
                    computedEntrySizes.put(e.id(), entry);
                }
                return new CallEstimate(argCosts.get(0).add(argCosts.get(1).union(argCosts.get(2))), size);
            }
            case "_+_":
                if (args.size() == 2 && (arg0 == CelKind.STRING || arg0 == CelKind.BYTES || arg0 == CelKind.LIST)) {
                    Range resultSize = sizeOrUnknown(args.get(0)).add(sizeOrUnknown(args.get(1)));
                    EntrySize l = computeEntrySize(args.get(0).expr);
                    EntrySize entry = l == null ? null : l.union(computeEntrySize(args.get(1).expr));
                    if (entry != null) {
                        computedEntrySizes.put(e.id(), entry);
                    }
                    if (arg0 == CelKind.LIST) {
                        // concatenation is O(1); tracked for the size only
                        return new CallEstimate(Range.fixed(1).add(argSum), resultSize);
                    }
                    return new CallEstimate(resultSize.multiplyByCostFactor(STRING_TRAVERSAL_COST_FACTOR).add(argSum),
                            resultSize);
                }
                break;
            case "_<_":
            case "_>_":
            case "_<=_":
            case "_>=_":
                if (!(arg0 == CelKind.STRING || arg0 == CelKind.BYTES) || arg1 != arg0) {
                    break;
                }
                // fall through: strings and bytes compare in O(min(m, n))
            case "_==_":
            case "_!=_": {
                Range lhs = sizeOrUnknown(args.get(0));
                Range rhs = sizeOrUnknown(args.get(1));
                long smallestMax = Long.compareUnsigned(rhs.max, lhs.max) < 0 ? rhs.max : lhs.max;
                long min = smallestMax != 0 ? 1 : 0;
                return new CallEstimate(new Range(min, smallestMax).multiplyByCostFactor(STRING_TRAVERSAL_COST_FACTOR)
                        .add(argSum), null);
            }
            default:
                break;
        }
        // everything else is O(1)
        return new CallEstimate(Range.fixed(1).add(argSum), null);
    }

    /** The Kubernetes library's EstimateCallCost (functions this environment offers), or null. */
    private CallEstimate kubernetesCallCost(String function, String overloadId, Node target, List<Node> args) {
        switch (function) {
            case "isSorted":
            case "sum":
            case "max":
            case "min":
            case "indexOf":
            case "lastIndexOf":
                if (target != null) {
                    Range elCost = Range.fixed(1);
                    Node el = listElementNode(target);
                    if (el != null) {
                        CelKind k = el.type.kind();
                        if (k == CelKind.STRING || k == CelKind.BYTES) {
                            elCost = elCost.add(sizeEstimate(el).multiplyByCostFactor(STRING_TRAVERSAL_COST_FACTOR));
                        }
                        return new CallEstimate(sizeEstimate(target).multiply(elCost), null);
                    }
                    // a string target (strings extension indexOf/lastIndexOf)
                    return new CallEstimate(sizeEstimate(target).multiplyByCostFactor(STRING_TRAVERSAL_COST_FACTOR), null);
                }
                break;
            case "lowerAscii":
            case "upperAscii":
            case "substring":
            case "trim":
                if (target != null) {
                    Range sz = sizeEstimate(target);
                    return new CallEstimate(sz.multiplyByCostFactor(STRING_TRAVERSAL_COST_FACTOR), sz);
                }
                break;
            case "replace":
                if (target != null && args.size() >= 2) {
                    return replaceCost(target, args);
                }
                break;
            case "split":
                if (target != null) {
                    Range sz = sizeEstimate(target);
                    long max = sz.max;
                    if (args.size() > 1) {
                        CelExpr limit = args.get(1).expr;
                        if (limit.exprKind().getKind() == CelExpr.ExprKind.Kind.CONSTANT
                                && limit.constant().getKind() == CelConstant.Kind.INT64_VALUE) {
                            max = limit.constant().int64Value();
                        }
                    }
                    return new CallEstimate(sz.multiplyByCostFactor(2 * STRING_TRAVERSAL_COST_FACTOR), new Range(0, max));
                }
                break;
            case "join":
                if (target != null) {
                    Range sz = Range.fixed(0);
                    Range listSize = sizeEstimate(target);
                    Node el = listElementNode(target);
                    if (el != null) {
                        sz = listSize.multiply(sizeEstimate(el));
                    }
                    if (!args.isEmpty()) {
                        Range sep = sizeEstimate(args.get(0));
                        long minSeps = listSize.min != 0 ? listSize.min - 1 : 0;
                        long maxSeps = listSize.max != 0 ? listSize.max - 1 : 0;
                        sz = sz.add(sep.multiply(new Range(minSeps, maxSeps)));
                    }
                    return new CallEstimate(sz.multiplyByCostFactor(STRING_TRAVERSAL_COST_FACTOR), sz);
                }
                break;
            case "find":
            case "findAll":
                if (target != null && !args.isEmpty()) {
                    Range sz = sizeEstimate(target);
                    Range strCost = sz.add(Range.fixed(1)).multiplyByCostFactor(STRING_TRAVERSAL_COST_FACTOR);
                    Range regexCost = sizeEstimate(args.get(0)).multiplyByCostFactor(REGEX_STRING_LENGTH_COST_FACTOR);
                    return new CallEstimate(strCost.multiply(regexCost), new Range(0, sz.max));
                }
                break;
            default:
                break;
        }
        return null;
    }

    private CallEstimate replaceCost(Node target, List<Node> args) {
        Range sz = sizeEstimate(target);
        Range toReplace = sizeEstimate(args.get(0));
        Range replaceWith = sizeEstimate(args.get(1));
        long countMax;
        long countMin;
        long retainedMax = 0;
        long retainedMin = 0;
        if (toReplace.min == 0) {
            countMax = sz.max != MAX ? sz.max + 1 : sz.max;
            retainedMax = sz.max;
        } else if (Long.compareUnsigned(replaceWith.max, toReplace.min) <= 0) {
            countMax = 0;
            retainedMax = sz.max;
        } else {
            countMax = (long) Math.ceil(toDouble(sz.max) / toDouble(toReplace.min));
        }
        if (toReplace.max == 0) {
            countMin = sz.min != MAX ? sz.min + 1 : sz.min;
            retainedMin = sz.min;
        } else if (Long.compareUnsigned(toReplace.max, replaceWith.min) <= 0) {
            countMin = 0;
            retainedMin = sz.min;
        } else {
            countMin = (long) Math.ceil(toDouble(sz.min) / toDouble(toReplace.max));
        }
        Range size = new Range(countMin, countMax).multiply(replaceWith).add(new Range(retainedMin, retainedMax));
        return new CallEstimate(sz.multiplyByCostFactor(2 * STRING_TRAVERSAL_COST_FACTOR), size);
    }

    private Node listElementNode(Node list) {
        List<CelType> params = list.type.parameters();
        if (list.type.kind() != CelKind.LIST || params.isEmpty()) {
            return null;
        }
        List<String> p = list.path == null ? null : append(list.path, "@items");
        return new Node(p, params.get(0), null, null);
    }

    private Range sizeEstimate(Node n) {
        if (n.computedSize != null) {
            return n.computedSize;
        }
        Range r = estimateSize(n.path);
        return r != null ? r : Range.UNKNOWN;
    }

    /** kube-apiserver's CRD size estimator: the schema's bound for the node a {@code self...} path leads to. */
    private Range estimateSize(List<String> path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        DeclType current = root;
        for (String name : path.subList(1, path.size())) {
            switch (name) {
                case "@items":
                case "@values":
                    current = current.elemType;
                    break;
                case "@keys":
                    current = current.keyType();
                    break;
                default:
                    DeclType.Field f = current.field(name);
                    current = f == null ? null : f.type();
                    break;
            }
            if (current == null) {
                return null;
            }
        }
        return new Range(0, current.maxElements);
    }

    // ---- size bookkeeping ----

    private Node newNode(CelExpr e) {
        List<String> p = path(e);
        if (!p.isEmpty() && (p.get(0).equals("__result__") || p.get(0).equals("@result"))) {
            p = null; // only paths from root variables; not from the accumulator
        }
        return new Node(p, type(e), e, computeSize(e));
    }

    private void setSize(CelExpr e, Range size) {
        if (size != null) {
            computedSizes.put(e.id(), size);
        }
    }

    private Range sizeOrUnknown(CelExpr e) {
        Range r = computeSize(e);
        return r != null ? r : Range.UNKNOWN;
    }

    private Range sizeOrUnknown(Node n) {
        return n.computedSize != null ? n.computedSize : Range.UNKNOWN;
    }

    private void copySizeEstimates(CelExpr dst, CelExpr src) {
        setSize(dst, computeSize(src));
        EntrySize entry = computeEntrySize(src);
        if (entry != null) {
            computedEntrySizes.put(dst.id(), entry);
        }
    }

    private Range computeSize(CelExpr e) {
        Range cached = computedSizes.get(e.id());
        if (cached != null) {
            return cached;
        }
        Range literal = exprSize(e);
        if (literal != null) {
            return literal;
        }
        Range estimated = estimateSize(path(e));
        if (estimated != null) {
            computedSizes.put(e.id(), estimated);
            return estimated;
        }
        if (isScalar(type(e))) {
            return Range.fixed(1);
        }
        if (e.exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT) {
            LocalVar v = peek(e.ident().name());
            if (v != null && v.size != null) {
                return v.size;
            }
        }
        return null;
    }

    private EntrySize computeEntrySize(CelExpr e) {
        EntrySize cached = computedEntrySizes.get(e.id());
        if (cached != null) {
            return cached;
        }
        if (e.exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT) {
            LocalVar v = peek(e.ident().name());
            if (v != null) {
                return v.entrySize;
            }
        }
        return null;
    }

    private static Range exprSize(CelExpr e) {
        switch (e.exprKind().getKind()) {
            case CONSTANT: {
                CelConstant c = e.constant();
                switch (c.getKind()) {
                    case STRING_VALUE:
                        return Range.fixed(c.stringValue().codePointCount(0, c.stringValue().length()));
                    case BYTES_VALUE:
                        return Range.fixed(c.bytesValue().size());
                    case NOT_SET:
                        return null;
                    default:
                        return Range.fixed(1);
                }
            }
            case LIST:
                return Range.fixed(e.list().elements().size());
            case MAP:
                return Range.fixed(e.map().entries().size());
            default:
                return null;
        }
    }

    private static boolean isScalar(CelType t) {
        switch (t.kind()) {
            case BOOL:
            case DOUBLE:
            case DURATION:
            case INT:
            case TIMESTAMP:
            case UINT:
                return true;
            case OPAQUE:
                return t.name().equals("optional_type") && !t.parameters().isEmpty() && isScalar(t.parameters().get(0));
            default:
                return false;
        }
    }

    private void pushIter(String name, CelExpr range, boolean key, boolean single) {
        EntrySize entry = computeEntrySize(range);
        Container container = entry == null ? Container.UNKNOWN : entry.container;
        if (container == Container.UNKNOWN) {
            container = type(range).kind() == CelKind.LIST ? Container.LIST : Container.MAP;
        }
        Range size;
        String sub;
        if (single) {
            // one variable: list items, or map keys
            boolean list = container == Container.LIST;
            size = entry == null ? null : list ? entry.val : entry.key;
            sub = list ? "@items" : "@keys";
        } else if (key) {
            size = entry == null ? null : entry.key;
            sub = container == Container.LIST ? "@indices" : "@keys";
        } else {
            size = entry == null ? null : entry.val;
            sub = container == Container.LIST ? "@items" : "@values";
        }
        push(name, new LocalVar(append(path(range), sub), size, null));
    }

    private void pushLocalVar(String name, CelExpr e) {
        push(name, new LocalVar(path(e), computeSize(e), computeEntrySize(e)));
    }

    private void push(String name, LocalVar v) {
        localVars.computeIfAbsent(name, n -> new ArrayDeque<>()).push(v);
    }

    private LocalVar peek(String name) {
        Deque<LocalVar> d = localVars.get(name);
        return d == null || d.isEmpty() ? null : d.peek();
    }

    private void pop(String name) {
        Deque<LocalVar> d = localVars.get(name);
        if (d != null && !d.isEmpty()) {
            d.pop();
        }
    }

    private List<String> path(CelExpr e) {
        if (e.exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT) {
            LocalVar v = peek(e.ident().name());
            if (v != null) {
                return v.path;
            }
        }
        List<String> p = exprPaths.get(e.id());
        return p == null ? List.of() : p;
    }

    private CelType type(CelExpr e) {
        return ast.getType(e.id()).orElse(SimpleType.DYN);
    }

    private static List<String> append(List<String> path, String element) {
        List<String> p = new ArrayList<>(path);
        p.add(element);
        return List.copyOf(p);
    }

    // ---- unsigned 64-bit arithmetic that saturates at 2^64-1, as the Go model's uint64 ----

    static long addU(long x, long y) {
        long r = x + y;
        return Long.compareUnsigned(r, x) < 0 ? MAX : r;
    }

    static long mulU(long x, long y) {
        if (y != 0 && Long.compareUnsigned(x, Long.divideUnsigned(MAX, y)) > 0) {
            return MAX;
        }
        return x * y;
    }

    private static final double TWO_TO_64 = Math.scalb(1.0, 64);

    static long mulFactor(long x, double factor) {
        double xf = toDouble(x);
        if (xf > 0 && factor > 0 && xf > TWO_TO_64 / factor) {
            return MAX;
        }
        double ceil = Math.ceil(xf * factor);
        if (ceil >= TWO_TO_64) {
            return MAX;
        }
        return fromDouble(ceil);
    }

    static double toDouble(long unsigned) {
        double d = (double) (unsigned >>> 1) * 2.0 + (unsigned & 1);
        return d;
    }

    private static long fromDouble(double d) {
        if (d < Math.scalb(1.0, 63)) {
            return (long) d;
        }
        return ((long) (d / 2)) << 1;
    }
}
