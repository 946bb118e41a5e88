package io.kfpoperator.apiserver.cel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.OptionalType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelStringExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.validator.CelValidatorFactory;
import dev.cel.validator.validators.DurationLiteralValidator;
import dev.cel.validator.validators.HomogeneousLiteralValidator;
import dev.cel.validator.validators.RegexLiteralValidator;
import dev.cel.validator.validators.TimestampLiteralValidator;
import io.kfpoperator.apiserver.FieldError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The {@code x-kubernetes-validations} rules of one CRD version, compiled with cel-java in kube-apiserver's CEL
 * environment and evaluated against custom resources with kube-apiserver's semantics: each rule runs for every value
 * at its schema node, transition rules only where an old value correlates, errors come out as kube-apiserver words
 * them, runtime cost is tracked and limited per call and per object. Compiling also yields kube-apiserver's static cost
 * estimate of every rule ({@link #estimatedCosts()}) and the errors it would raise for them ({@link #costErrors()}).
 *
 * <p>Instances are immutable and thread-safe; compile once per CRD version and reuse.
 */
public final class CelValidator {

    /** Largest runtime cost of one rule evaluation (kube-apiserver's PerCallLimit). */
    public static final long PER_CALL_LIMIT = 1_000_000;
    /** Largest runtime cost of all rules for one object (kube-apiserver's RuntimeCELCostBudget). */
    public static final long RUNTIME_COST_BUDGET = 10_000_000;
    /** Largest estimated cost of one rule, times its cardinality, accepted in a CRD (StaticEstimatedCostLimit). */
    public static final long STATIC_ESTIMATED_COST_LIMIT = 10_000_000;
    /** Largest estimated cost of all rules of a CRD version (StaticEstimatedCRDCostLimit). */
    public static final long STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000;
    /** Longest message a messageExpression may produce. */
    static final int MAX_MESSAGE_EXPRESSION_BYTES = 5 * 1024;

    private static final Set<String> REASONS =
            Set.of("FieldValueInvalid", "FieldValueForbidden", "FieldValueRequired", "FieldValueDuplicate");
    private static final AtomicLong TYPE_NAMES = new AtomicLong();
    private static final Pattern EVAL_ERROR_PREFIX = Pattern.compile("^evaluation error(?: at [^:]+:\\d+)?: ");

    // kube-apiserver's environment: homogeneous literals, cross-type numeric comparisons, optionals (1.28+).
    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHomogeneousLiterals(true)
            .enableHeterogeneousNumericComparisons(true)
            .enableOptionalSyntax(true)
            .enableTimestampEpoch(true)
            .evaluateCanonicalTypesToNativeValues(true)
            .build();

    // The strings extension at kube-apiserver's version 2 (reverse() is version 3).
    private static CelStringExtensions strings() {
        return CelExtensions.strings(CelStringExtensions.Function.CHAR_AT, CelStringExtensions.Function.INDEX_OF,
                CelStringExtensions.Function.JOIN, CelStringExtensions.Function.LAST_INDEX_OF,
                CelStringExtensions.Function.LOWER_ASCII, CelStringExtensions.Function.QUOTE,
                CelStringExtensions.Function.REPLACE, CelStringExtensions.Function.SPLIT,
                CelStringExtensions.Function.SUBSTRING, CelStringExtensions.Function.TRIM,
                CelStringExtensions.Function.UPPER_ASCII);
    }

    // One runtime serves every rule: values are plain maps and lists, so it needs no type declarations.
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .setStandardEnvironmentEnabled(false)
            .setStandardFunctions(CelStandardFunctions.newBuilder()
                    .excludeFunctions(CelStandardFunctions.StandardFunction.EQUALS,
                            CelStandardFunctions.StandardFunction.NOT_EQUALS)
                    .build())
            .addLibraries(strings(), CelExtensions.optional(), CelExtensions.sets(OPTIONS),
                    CelExtensions.comprehensions())
            .addFunctionBindings(KubernetesLibrary.bindings())
            .build();

    /** A rule ready to run. */
    private record Compiled(StructuralSchema.Rule rule, CelRuntime.Program program, CelRuntime.Program messageProgram,
                            boolean usesOldSelf, boolean optionalOldSelf, String fieldPath) {
    }

    /** The validator tree: only the schema nodes that have rules at or below them. */
    private static final class Node {
        final StructuralSchema schema;
        final DeclType type;
        final List<Compiled> rules;
        final Map<String, Node> properties = new LinkedHashMap<>();
        Node items;
        Node additionalProperties;

        Node(StructuralSchema schema, DeclType type, List<Compiled> rules) {
            this.schema = schema;
            this.type = type;
            this.rules = rules;
        }
    }

    private final Node root;
    private final List<RuleCost> costs;

    private CelValidator(Node root, List<RuleCost> costs) {
        this.root = root;
        this.costs = List.copyOf(costs);
    }

    /**
     * Compiles every x-kubernetes-validations rule found anywhere in a CRD version's openAPIV3Schema; errors name
     * their rules by paths starting {@code openAPIV3Schema}.
     *
     * @throws CelCompilationException with kube-apiserver's CRD validation errors for rules it would refuse
     */
    public static CelValidator compile(JsonNode openApiV3Schema) {
        return compile(openApiV3Schema, "openAPIV3Schema");
    }

    /** As {@link #compile(JsonNode)}, with error paths under {@code schemaPath} (e.g. {@code spec.versions[0].schema.openAPIV3Schema}). */
    public static CelValidator compile(JsonNode openApiV3Schema, String schemaPath) {
        Builder b = new Builder();
        Node root = b.build(StructuralSchema.parse(openApiV3Schema), schemaPath, true, 1L, null);
        if (!b.errors.isEmpty()) {
            throw new CelCompilationException(b.errors);
        }
        return new CelValidator(root, b.costs);
    }

    /** Whether the schema has any x-kubernetes-validations rule (kube-apiserver's celValidator is then non-nil). */
    public boolean hasRules() {
        return !costs.isEmpty();
    }

    /** kube-apiserver's static cost estimate of every rule and messageExpression, in schema order. */
    public List<RuleCost> estimatedCosts() {
        return costs;
    }

    /**
     * The errors kube-apiserver raises for these costs when the CRD is created: Forbidden at each rule whose cost is
     * over {@link #STATIC_ESTIMATED_COST_LIMIT}, and, when the total is over
     * {@link #STATIC_ESTIMATED_CRD_COST_LIMIT}, Forbidden at the (up to 4) rules contributing most and at the schema.
     * Empty when the CRD fits.
     */
    public List<FieldError> costErrors() {
        return costErrors("openAPIV3Schema");
    }

    /** As {@link #costErrors()}, naming the schema by {@code schemaPath}. */
    public List<FieldError> costErrors(String schemaPath) {
        List<FieldError> errors = new ArrayList<>();
        long total = 0;
        List<RuleCost> mostExpensive = new ArrayList<>();
        for (RuleCost c : costs) {
            if (Long.compareUnsigned(c.cost(), STATIC_ESTIMATED_COST_LIMIT) > 0) {
                String name = c.messageExpression() ? "estimated messageExpression cost" : "estimated rule cost";
                errors.add(FieldError.forbidden(c.path(), costErrorMessage(name, c.cost(), STATIC_ESTIMATED_COST_LIMIT)));
            }
            total = CostEstimator.addU(total, c.cost());
            if (c.cost() >= STATIC_ESTIMATED_CRD_COST_LIMIT / 100) { // only rules of at least 1% of the limit
                mostExpensive.add(c);
                mostExpensive.sort((x, y) -> Long.compare(y.cost(), x.cost()));
                if (mostExpensive.size() > 4) {
                    mostExpensive.remove(4);
                }
            }
        }
        if (Long.compareUnsigned(total, STATIC_ESTIMATED_CRD_COST_LIMIT) > 0) {
            for (RuleCost c : mostExpensive) {
                errors.add(FieldError.forbidden(c.path(),
                        "contributed to estimated rule & messageExpression cost total exceeding cost limit for entire OpenAPIv3 schema"));
            }
            errors.add(FieldError.forbidden(schemaPath, costErrorMessage(
                    "x-kubernetes-validations estimated rule & messageExpression cost total for entire OpenAPIv3 schema", total,
                    STATIC_ESTIMATED_CRD_COST_LIMIT)));
        }
        return errors;
    }

    /** An apiextensions.ValidationRule as Go's %#v prints it (pointer fields set print as an address, as in kube). */
    static String goValidationRule(StructuralSchema.Rule rule) {
        return "apiextensions.ValidationRule{Rule:" + goQuote(nullToEmpty(rule.rule()))
                + ", Message:" + goQuote(nullToEmpty(rule.message()))
                + ", MessageExpression:" + goQuote(nullToEmpty(rule.messageExpression()))
                + ", Reason:(*apiextensions.FieldValueErrorReason)(" + (rule.reason() == null ? "nil" : "0xc000000000") + ")"
                + ", FieldPath:" + goQuote(nullToEmpty(rule.fieldPath()))
                + ", OptionalOldSelf:(*bool)(" + (rule.optionalOldSelf() == null ? "nil" : "0xc000000008") + ")}";
    }

    /** Go's strconv.Quote for the rule texts: backslash escapes for quotes, backslashes and control characters. */
    private static String goQuote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** kube-apiserver's getCostErrorMessage. */
    static String costErrorMessage(String costName, long cost, long limit) {
        double factor = CostEstimator.toDouble(cost) / limit;
        String f;
        if (factor > 100.0) {
            f = "more than 100x"; // O(n^2) or worse: the number says nothing more
        } else if (factor < 1.5) {
            f = String.format(Locale.ROOT, "%fx", factor);
        } else {
            f = String.format(Locale.ROOT, "%.1fx", factor);
        }
        return costName + " exceeds budget by factor of " + f + " (try simplifying the rule, or adding maxItems,"
                + " maxProperties, and maxLength where arrays, maps, and strings are declared)";
    }

    /**
     * The errors of {@code object} (the whole custom resource) against every rule; {@code oldObject} is the stored
     * object on update, null on create. Errors of rules that ratchet (an unchanged value that already failed a rule
     * that does not use oldSelf) are left out, as kube-apiserver turns them into warnings; see {@link #evaluate}.
     */
    public List<FieldError> validate(JsonNode object, JsonNode oldObject) {
        return evaluate(object, oldObject).errors();
    }

    /** Errors and ratcheted warnings of one validation. */
    public record Result(List<FieldError> errors, List<FieldError> warnings) {
    }

    /** As {@link #validate}, also returning the warnings of ratcheted rules. */
    public Result evaluate(JsonNode object, JsonNode oldObject) {
        Run run = new Run();
        if (root != null) {
            Correlation c = oldObject == null ? Correlation.NONE : new Correlation(new Pair(object, oldObject), null);
            run.visit(root, null, object, oldObject, c);
        }
        return new Result(Collections.unmodifiableList(run.errors), Collections.unmodifiableList(run.warnings));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // compilation

    private static final class Builder {
        final List<FieldError> errors = new ArrayList<>();
        final List<RuleCost> costs = new ArrayList<>();

        /**
         * @param cardinality    how often values here can occur per object when bounded by maxItems/maxProperties
         *                       above, or null (unbounded)
         * @param uncorrelatable the path of the first list above whose items cannot be correlated, or null
         */
        Node build(StructuralSchema s, String path, boolean resourceRoot, Long cardinality, String uncorrelatable) {
            List<Compiled> compiled = new ArrayList<>();
            DeclType type = null;
            if (!s.rules.isEmpty()) {
                type = DeclType.of(s, resourceRoot, "selfType" + TYPE_NAMES.incrementAndGet());
                if (type == null) {
                    errors.add(FieldError.invalid(path + ".x-kubernetes-validations", TextNode.valueOf(s.typeName()),
                            "failed to convert to declType for CEL validation rules"));
                } else {
                    compileRules(s, type, path, cardinality, uncorrelatable, compiled);
                }
            }
            Node node = new Node(s, type, compiled);
            boolean any = !compiled.isEmpty();
            Long childCardinality = childCardinality(cardinality, s);
            boolean mapCorrelatable = s.mapType == null || s.mapType.equals("granular") || s.mapType.equals("atomic");
            for (Map.Entry<String, StructuralSchema> p : s.properties.entrySet()) {
                String childUncorrelatable = uncorrelatable == null && !mapCorrelatable ? path : uncorrelatable;
                Node child = build(p.getValue(), path + ".properties[" + p.getKey() + "]", p.getValue().embeddedResource,
                        childCardinality, childUncorrelatable);
                if (child != null) {
                    node.properties.put(p.getKey(), child);
                    any = true;
                }
            }
            if (s.additionalProperties != null) {
                node.additionalProperties = build(s.additionalProperties, path + ".additionalProperties",
                        s.additionalProperties.embeddedResource, childCardinality, uncorrelatable);
                any |= node.additionalProperties != null;
            }
            if (s.items != null) {
                // only items of map lists correlate with old items (by key); set items do not either, for rules
                String childUncorrelatable = uncorrelatable == null && !"map".equals(s.listType) ? path : uncorrelatable;
                node.items = build(s.items, path + ".items", s.items.embeddedResource, childCardinality,
                        childUncorrelatable);
                any |= node.items != null;
            }
            return any ? node : null;
        }

        /** kube-apiserver's extractMaxElements: by how much a schema multiplies its children's cardinality. */
        private static Long childCardinality(Long cardinality, StructuralSchema s) {
            if (cardinality == null) {
                return null;
            }
            Long factor = 1L;
            if ("object".equals(s.type) && s.additionalProperties != null) {
                factor = s.maxProperties == null ? null : Math.max(0, s.maxProperties);
            } else if ("array".equals(s.type)) {
                factor = s.maxItems == null ? null : Math.max(0, s.maxItems);
            }
            return factor == null ? null : CostEstimator.mulU(cardinality, factor);
        }

        private void compileRules(StructuralSchema s, DeclType type, String path, Long cardinality,
                                  String uncorrelatable, List<Compiled> out) {
            List<CelType> structs = new ArrayList<>();
            type.collectStructTypes(structs);
            Map<String, CelType> byName = new HashMap<>();
            structs.forEach(t -> byName.put(t.name(), t));
            CelTypeProvider provider = new CelTypeProvider() {
                @Override
                public ImmutableCollection<CelType> types() {
                    return ImmutableList.copyOf(structs);
                }

                @Override
                public Optional<CelType> findType(String typeName) {
                    return Optional.ofNullable(byName.get(typeName));
                }
            };
            CelCompiler compiler = null;
            CelCompiler optionalCompiler = null;
            // a value appears this often per object: bounded above, or as many of its smallest as fit in a request
            long maxCardinality = cardinality != null ? cardinality
                    : DeclType.MAX_REQUEST_SIZE_BYTES / (type.minSerializedSize + 1);
            for (int i = 0; i < s.rules.size(); i++) {
                StructuralSchema.Rule rule = s.rules.get(i);
                String rulePath = path + ".x-kubernetes-validations[" + i + "]";
                boolean optional = Boolean.TRUE.equals(rule.optionalOldSelf());
                CelCompiler c;
                if (optional) {
                    optionalCompiler = optionalCompiler != null ? optionalCompiler : compiler(type, provider, true);
                    c = optionalCompiler;
                } else {
                    compiler = compiler != null ? compiler : compiler(type, provider, false);
                    c = compiler;
                }
                Compiled compiled = compileRule(s, type, c, rule, rulePath, maxCardinality, uncorrelatable);
                if (compiled != null) {
                    out.add(compiled);
                }
            }
        }

        private static CelCompiler compiler(DeclType type, CelTypeProvider provider, boolean optionalOldSelf) {
            return CelCompilerFactory.standardCelCompilerBuilder()
                    .setOptions(OPTIONS)
                    .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                    .setTypeProvider(provider)
                    .addVar("self", type.celType)
                    .addVar("oldSelf", optionalOldSelf ? OptionalType.create(type.celType) : type.celType)
                    .addLibraries(strings(), CelExtensions.optional(), CelExtensions.sets(OPTIONS),
                            CelExtensions.comprehensions())
                    .addFunctionDeclarations(KubernetesLibrary.declarations())
                    .build();
        }

        private Compiled compileRule(StructuralSchema s, DeclType type, CelCompiler compiler, StructuralSchema.Rule rule,
                                     String rulePath, long maxCardinality, String uncorrelatable) {
            int before = errors.size();
            String ruleText = rule.rule();
            // validation.go reports compile errors with the rule itself, schema.XValidations[i], which Go prints with %#v.
            JsonNode ruleValue = FieldError.goLiteral(goValidationRule(rule));
            JsonNode ruleTextValue = TextNode.valueOf(ruleText);
            String message = rule.message();
            if (ruleText.trim().isEmpty()) {
                errors.add(FieldError.required(rulePath + ".rule", "rule is not specified"));
                return null;
            }
            if (message != null && !message.isEmpty() && message.trim().isEmpty()) {
                errors.add(FieldError.invalid(rulePath + ".message", TextNode.valueOf(message),
                        "message must be non-empty if specified"));
            } else if (message != null && (message.contains("\n") || message.contains("\r"))) {
                errors.add(FieldError.invalid(rulePath + ".message", TextNode.valueOf(message), "must not contain line breaks"));
            } else if ((ruleText.trim().contains("\n") || ruleText.trim().contains("\r"))
                    && (message == null || message.trim().isEmpty())) {
                errors.add(FieldError.required(rulePath + ".message", "message must be specified if rule contains line breaks"));
            }
            if (rule.messageExpression() != null && rule.messageExpression().trim().isEmpty()) {
                errors.add(FieldError.required(rulePath + ".messageExpression", "messageExpression must be non-empty if specified"));
            }
            if (rule.reason() != null && !REASONS.contains(rule.reason())) {
                errors.add(new FieldError(FieldError.Type.NOT_SUPPORTED, rulePath + ".reason", TextNode.valueOf(rule.reason()),
                        "supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\", \"FieldValueInvalid\", \"FieldValueRequired\""));
            }
            String normalizedFieldPath = null;
            if (rule.fieldPath() != null) {
                if (rule.fieldPath().trim().isEmpty()) {
                    errors.add(FieldError.invalid(rulePath + ".fieldPath", TextNode.valueOf(rule.fieldPath()),
                            "must be non-empty if specified"));
                } else if (rule.fieldPath().contains("\n")) {
                    errors.add(FieldError.invalid(rulePath + ".fieldPath", TextNode.valueOf(rule.fieldPath()),
                            "must not contain line breaks"));
                } else {
                    normalizedFieldPath = FieldPaths.normalize(rule.fieldPath(), s);
                    if (normalizedFieldPath == null) {
                        errors.add(FieldError.invalid(rulePath + ".fieldPath", TextNode.valueOf(rule.fieldPath()),
                                "must be a valid path"));
                    }
                }
            }
            if (errors.size() > before) {
                return null;
            }

            CelAbstractSyntaxTree ast;
            try {
                ast = check(compiler, ruleText);
            } catch (CelValidationException e) {
                errors.add(FieldError.invalid(rulePath + ".rule", ruleValue, "compilation failed: " + e.getMessage()));
                return null;
            }
            if (ast.getResultType().kind() != CelKind.BOOL) {
                errors.add(FieldError.invalid(rulePath + ".rule", ruleValue, "cel expression must evaluate to a bool"));
                return null;
            }
            boolean usesOldSelf = ast.getReferenceMap().values().stream().anyMatch(r -> r.name().equals("oldSelf"));
            long perCall = CostEstimator.estimate(ast, type).max();
            long cost = perCall == 0 ? 0 : CostEstimator.mulU(perCall, maxCardinality);
            costs.add(new RuleCost(rulePath + ".rule", ruleText, clamp(perCall), clamp(maxCardinality), clamp(cost), false));
            if (usesOldSelf && uncorrelatable != null) {
                errors.add(FieldError.invalid(rulePath + ".rule", ruleTextValue,
                        "oldSelf cannot be used on the uncorrelatable portion of the schema within " + uncorrelatable));
            } else if (!usesOldSelf && rule.optionalOldSelf() != null) {
                errors.add(FieldError.invalid(rulePath + ".optionalOldSelf", BooleanNode.valueOf(rule.optionalOldSelf()),
                        "may not be set if oldSelf is not used in rule"));
            }
            CelRuntime.Program messageProgram = null;
            if (rule.messageExpression() != null && !rule.messageExpression().trim().isEmpty()) {
                try {
                    CelAbstractSyntaxTree msgAst = check(compiler, rule.messageExpression());
                    if (msgAst.getResultType().kind() != CelKind.STRING) {
                        errors.add(FieldError.invalid(rulePath + ".messageExpression", ruleValue,
                                "messageExpression must evaluate to a string"));
                    } else {
                        long msgCost = CostEstimator.estimate(msgAst, type).max();
                        costs.add(new RuleCost(rulePath + ".messageExpression", rule.messageExpression(), clamp(msgCost),
                                1, clamp(msgCost), true));
                        messageProgram = RUNTIME.createProgram(msgAst);
                    }
                } catch (CelValidationException e) {
                    errors.add(FieldError.invalid(rulePath + ".messageExpression", ruleValue,
                            "messageExpression compilation failed: " + e.getMessage()));
                } catch (CelEvaluationException e) {
                    errors.add(FieldError.invalid(rulePath + ".messageExpression", ruleValue,
                            "messageExpression instantiation failed: " + e.getMessage()));
                }
            }
            try {
                CelRuntime.Program program = RUNTIME.createProgram(ast);
                return new Compiled(rule, program, messageProgram, usesOldSelf,
                        Boolean.TRUE.equals(rule.optionalOldSelf()), normalizedFieldPath);
            } catch (CelEvaluationException e) {
                errors.add(FieldError.invalid(rulePath + ".rule", ruleValue, "program instantiation failed: " + e.getMessage()));
                return null;
            }
        }

        /** Parses and checks, then applies kube-apiserver's literal validators (timestamps, durations, regexes, lists). */
        private static CelAbstractSyntaxTree check(CelCompiler compiler, String expression) throws CelValidationException {
            CelAbstractSyntaxTree ast = compiler.compile(expression).getAst();
            CelValidationResult literals = CelValidatorFactory.standardCelValidatorBuilder(compiler, RUNTIME)
                    .addAstValidators(TimestampLiteralValidator.INSTANCE, DurationLiteralValidator.INSTANCE,
                            RegexLiteralValidator.INSTANCE, HomogeneousLiteralValidator.newInstance())
                    .build()
                    .validate(ast);
            return literals.getAst();
        }

        private static long clamp(long unsigned) {
            return unsigned < 0 ? Long.MAX_VALUE : unsigned;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // validation

    private record Pair(JsonNode value, JsonNode old) {
    }

    /**
     * Ratcheting state (kube-apiserver's ratchetingOptions): the current node's value paired with its old value where
     * they correlate, and the nearest correlated ancestor otherwise.
     */
    private record Correlation(Pair current, Pair nearestParent) {
        static final Correlation NONE = new Correlation(null, null);

        boolean shouldRatchet() {
            Pair p = current != null ? current : nearestParent;
            return p != null && p.value != null && p.value.equals(p.old);
        }

        Correlation key(String field) {
            if (current == null) {
                return this;
            }
            Pair next = null;
            if (current.value != null && current.old != null && current.value.isObject() && current.old.isObject()
                    && current.value.has(field) && current.old.has(field)) {
                next = new Pair(current.value.get(field), current.old.get(field));
            }
            return new Correlation(next, current);
        }

        Correlation index(int i, JsonNode oldItem) {
            if (current == null) {
                return this;
            }
            Pair next = oldItem == null || current.value == null ? null : new Pair(current.value.get(i), oldItem);
            return new Correlation(next, current);
        }
    }

    /** The state of one validate call: its errors, warnings and what is left of the cost budget. */
    private final class Run {
        final List<FieldError> errors = new ArrayList<>();
        final List<FieldError> warnings = new ArrayList<>();
        long budget = RUNTIME_COST_BUDGET;

        /** Returns false once the budget is spent or a rule went over its limit: no further rules run. */
        boolean visit(Node node, String path, JsonNode obj, JsonNode old, Correlation corr) {
            if (obj == null || obj.isNull() || obj.isMissingNode()) {
                return true; // rules only see non-null values; a nullable field is checked from its parent
            }
            if (old != null && (old.isNull() || old.isMissingNode())) {
                old = null;
            }
            if (!node.rules.isEmpty() && !evaluateRules(node, path, obj, old, corr)) {
                return false;
            }
            if (obj.isArray() && node.items != null) {
                for (int i = 0; i < obj.size(); i++) {
                    JsonNode oldItem = correlatedItem(node.schema, obj.get(i), old);
                    JsonNode ratchetOld = oldItem != null ? oldItem : setItem(node.schema, obj.get(i), old);
                    if (!visit(node.items, (path == null ? "" : path) + "[" + i + "]", obj.get(i), oldItem,
                            corr.index(i, ratchetOld))) {
                        return false;
                    }
                }
            } else if (obj.isObject()) {
                boolean correlatable = node.schema.mapType == null || node.schema.mapType.equals("granular")
                        || node.schema.mapType.equals("atomic");
                Iterator<Map.Entry<String, JsonNode>> fields = obj.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    String k = f.getKey();
                    JsonNode oldV = correlatable && old != null && old.isObject() ? old.get(k) : null;
                    if (node.additionalProperties != null) {
                        if (!visit(node.additionalProperties, (path == null ? "" : path) + "[" + k + "]", f.getValue(),
                                oldV, corr.key(k))) {
                            return false;
                        }
                    }
                    Node prop = node.properties.get(k);
                    if (prop != null && !visit(prop, path == null ? k : path + "." + k, f.getValue(), oldV, corr.key(k))) {
                        return false;
                    }
                }
            }
            return true;
        }

        private boolean evaluateRules(Node node, String path, JsonNode obj, JsonNode old, Correlation corr) {
            String typeName = node.schema.typeName();
            String where = path == null ? "<nil>" : path;
            if (budget <= 0) {
                errors.add(FieldError.invalid(where, TextNode.valueOf(typeName),
                        "validation failed due to running out of cost budget, no further validation rules will be run"));
                return false;
            }
            Object self = CelValues.of(obj, node.type);
            Object oldSelf = old == null ? null : CelValues.of(old, node.type);
            for (Compiled rule : node.rules) {
                if (rule.usesOldSelf && old == null && !rule.optionalOldSelf) {
                    continue; // transition rules need a correlated old value
                }
                Map<String, Object> activation = new HashMap<>();
                activation.put("self", self);
                if (rule.optionalOldSelf) {
                    activation.put("oldSelf", Optional.ofNullable(oldSelf));
                } else if (oldSelf != null) {
                    activation.put("oldSelf", oldSelf);
                }
                RuntimeCost tracker = new RuntimeCost(PER_CALL_LIMIT);
                Object result = null;
                String failure = null;
                try {
                    result = rule.program.trace(activation, tracker);
                } catch (CelEvaluationException e) {
                    failure = evaluationError(e);
                }
                String ruleString = ruleErrorString(rule.rule);
                if (tracker.cost() > budget) {
                    errors.add(FieldError.invalid(where, TextNode.valueOf(typeName),
                            "validation failed due to running out of cost budget, no further validation rules will be run"));
                    budget = -1;
                    return false;
                }
                budget -= tracker.cost();
                if (tracker.exceeded()) {
                    errors.add(FieldError.invalid(where, TextNode.valueOf(typeName),
                            "'operation cancelled: actual cost limit exceeded': no further validation rules will be run"
                                    + " due to call cost exceeds limit for rule: " + ruleString));
                    budget = -1;
                    return false;
                }
                if (failure != null) {
                    if (failure.startsWith("no such overload")) {
                        errors.add(FieldError.invalid(where, TextNode.valueOf(typeName), "'" + failure
                                + "': call arguments did not match a supported operator, function or macro signature for rule: "
                                + ruleString));
                    } else {
                        errors.add(FieldError.invalid(where, TextNode.valueOf(typeName),
                                failure + " evaluating rule: " + ruleString));
                    }
                    continue;
                }
                if (Boolean.TRUE.equals(result)) {
                    continue;
                }
                String errPath = rule.fieldPath == null ? where : path == null ? rule.fieldPath : path + "." + rule.fieldPath;
                String detail = null;
                if (rule.messageProgram != null) {
                    MessageResult m = messageExpression(rule, activation);
                    if (m.fatal != null) {
                        addError(rule, corr, FieldError.invalid(errPath, TextNode.valueOf(typeName), m.fatal));
                        budget = -1;
                        return false;
                    }
                    detail = m.message;
                }
                if (detail == null) {
                    detail = ruleMessageOrDefault(rule.rule);
                }
                JsonNode value = "object".equals(typeName) || "array".equals(typeName) ? null : obj;
                addError(rule, corr, errorForReason(rule.rule.reason(), errPath, value, detail));
            }
            return true;
        }

        private void addError(Compiled rule, Correlation corr, FieldError e) {
            if (!rule.usesOldSelf && corr.shouldRatchet()) {
                warnings.add(e);
            } else {
                errors.add(e);
            }
        }

        private record MessageResult(String message, String fatal) {
        }

        private MessageResult messageExpression(Compiled rule, Map<String, Object> activation) {
            RuntimeCost tracker = new RuntimeCost(PER_CALL_LIMIT);
            Object result;
            try {
                result = rule.messageProgram.trace(activation, tracker);
            } catch (CelEvaluationException e) {
                if (tracker.exceeded()) {
                    return new MessageResult(null, "no further validation rules will be run due to call cost exceeds limit"
                            + " for messageExpression: " + quote(rule.rule.messageExpression()));
                }
                budget -= tracker.cost();
                return new MessageResult(null, null); // kube-apiserver logs it and falls back to the message
            }
            if (tracker.cost() > budget) {
                return new MessageResult(null, "messageExpression evaluation failed due to running out of cost budget,"
                        + " no further validation rules will be run");
            }
            budget -= tracker.cost();
            if (!(result instanceof String s)) {
                return new MessageResult(null, null);
            }
            String trimmed = s.trim();
            if (trimmed.isEmpty() || trimmed.contains("\n")
                    || trimmed.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_MESSAGE_EXPRESSION_BYTES) {
                return new MessageResult(null, null);
            }
            return new MessageResult(trimmed, null);
        }
    }

    private static FieldError errorForReason(String reason, String path, JsonNode value, String detail) {
        if (reason == null) {
            return FieldError.invalid(path, value, detail);
        }
        switch (reason) {
            case "FieldValueForbidden":
                return FieldError.forbidden(path, detail);
            case "FieldValueRequired":
                return FieldError.required(path, detail);
            case "FieldValueDuplicate":
                return new FieldError(FieldError.Type.DUPLICATE, path, value, null); // kube-apiserver drops the detail
            default:
                return FieldError.invalid(path, value, detail);
        }
    }

    /** The old item a new item of a map list correlates with (same key values), or null. */
    private static JsonNode correlatedItem(StructuralSchema list, JsonNode item, JsonNode oldList) {
        if (oldList == null || !oldList.isArray() || !"map".equals(list.listType) || !item.isObject()) {
            return null;
        }
        for (JsonNode old : oldList) {
            boolean same = old.isObject();
            for (String k : list.listMapKeys) {
                same &= same && java.util.Objects.equals(item.get(k), old.get(k));
            }
            if (same) {
                return old;
            }
        }
        return null;
    }

    /** For ratcheting only: a set item correlates with an equal old item. */
    private static JsonNode setItem(StructuralSchema list, JsonNode item, JsonNode oldList) {
        if (oldList == null || !oldList.isArray() || !"set".equals(list.listType)) {
            return null;
        }
        for (JsonNode old : oldList) {
            if (old.equals(item)) {
                return old;
            }
        }
        return null;
    }

    /** cel-java's evaluation error, without its position prefix and in cel-go's words where they differ. */
    private static String evaluationError(CelEvaluationException e) {
        String msg = e.getMessage() == null ? "" : EVAL_ERROR_PREFIX.matcher(e.getMessage()).replaceFirst("");
        if (e.getErrorCode() != null) {
            switch (e.getErrorCode()) {
                case OVERLOAD_NOT_FOUND:
                    return "no such overload";
                case ATTRIBUTE_NOT_FOUND: {
                    java.util.regex.Matcher m = Pattern.compile("key '([^']*)'").matcher(msg);
                    return m.find() ? "no such key: " + m.group(1) : msg;
                }
                case DIVIDE_BY_ZERO:
                    return "division by zero";
                case INDEX_OUT_OF_BOUNDS:
                    return msg.replace("Index out of bounds", "index out of bounds");
                default:
                    break;
            }
        }
        return msg;
    }

    private static String ruleMessageOrDefault(StructuralSchema.Rule rule) {
        if (rule.message() == null || rule.message().isEmpty()) {
            return "failed rule: " + ruleErrorString(rule);
        }
        return rule.message().trim();
    }

    private static String ruleErrorString(StructuralSchema.Rule rule) {
        if (rule.message() != null && !rule.message().isEmpty()) {
            return rule.message().trim();
        }
        return rule.rule().trim();
    }

    private static String quote(String s) {
        return TextNode.valueOf(s).toString();
    }
}
