/**
 * Server-side apply and managed fields, as kube-apiserver's field manager
 * (k8s.io/apimachinery {@code pkg/util/managedfields}) and sigs.k8s.io/structured-merge-diff implement
 * them, on Jackson trees and without HTTP or storage: the server calls
 * {@link io.kfpoperator.apiserver.apply.FieldManager#apply} for {@code application/apply-patch+yaml}
 * patches and {@link io.kfpoperator.apiserver.apply.FieldManager#recordUpdate} for every other write,
 * with {@link io.kfpoperator.apiserver.apply.MergeRules} from the CRD schema or the built-in table.
 *
 * <p>What the server still does around it, as kube-apiserver does: parse the patch body, apply
 * defaults (and drop nulls the schema does not allow) to the result, check preconditions
 * ({@code resourceVersion}, {@code uid}), validate, and skip the write when the result equals the stored
 * object.
 */
package io.kfpoperator.apiserver.apply;
