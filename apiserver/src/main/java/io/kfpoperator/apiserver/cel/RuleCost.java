package io.kfpoperator.apiserver.cel;

/**
 * kube-apiserver's static cost estimate of one {@code x-kubernetes-validations} expression, as CRD validation computes
 * it.
 *
 * @param path           the expression's schema path, e.g.
 *                       {@code openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule}
 * @param expression     the rule (or messageExpression) text
 * @param perCallCost    the estimated worst-case cost of one evaluation
 * @param maxCardinality how many times the rule can run per object: the product of the maxItems/maxProperties above
 *                       the node, or where one is missing the count of the node's smallest value that fits in a
 *                       3 MiB request; 1 for messageExpressions, which kube-apiserver does not multiply
 * @param cost           {@code perCallCost * maxCardinality}, compared with
 *                       {@link CelValidator#STATIC_ESTIMATED_COST_LIMIT}; saturates at {@link Long#MAX_VALUE}
 *                       (kube-apiserver's uint64 saturates at 2^64-1: both are far over any limit)
 * @param messageExpression true for a messageExpression's cost
 */
public record RuleCost(String path, String expression, long perCallCost, long maxCardinality, long cost,
                       boolean messageExpression) {
}
