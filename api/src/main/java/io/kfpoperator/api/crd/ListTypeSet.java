package io.kfpoperator.api.crd;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a list of scalars {@code x-kubernetes-list-type: set} in the generated CRD: the API server
 * then rejects a duplicate item itself ("Duplicate value"), at no CEL cost. crd-generator 7.5.2
 * has no annotation for list types, so {@link CrdFinisher} applies it; it refuses a list whose
 * items are not scalars.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface ListTypeSet {
}
