/**
 * What kube-apiserver 1.32 does with a custom resource's structural schema on every write:
 * {@link io.kfpoperator.apiserver.schema.StructuralSchema} prunes unknown fields (reporting their
 * paths as fieldValidation=Strict/Warn does), applies defaults and validates with kube-apiserver's
 * messages (create, update with ratcheting, status); {@link io.kfpoperator.apiserver.schema.ObjectMetaValidation}
 * checks metadata. Errors are {@link io.kfpoperator.apiserver.FieldError}s that print as
 * kube-apiserver prints its field errors, Go value notation included.
 *
 * <p>Sources of the rules: apiextensions-apiserver (pkg/apiserver/schema/pruning, defaulting,
 * listtype, objectmeta; pkg/apiserver/validation), kube-openapi (pkg/validation/validate, errors,
 * strfmt) and apimachinery (pkg/api/validation, pkg/util/validation), at the versions Kubernetes
 * 1.32 builds with.
 */
package io.kfpoperator.apiserver.schema;
