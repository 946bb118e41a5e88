package io.kfpoperator.api.crd;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * maxLength of each string item of the annotated list (or value of the annotated map) in the
 * generated CRD. fabric8's {@code @Size} (crd-generator 7.5.2) bounds the property itself only,
 * so {@link CrdFinisher} applies this one to the items' schema.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface ItemMaxLength {
    long value();
}
