package io.kfpoperator.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.FieldError;
import io.kfpoperator.apiserver.objects.ApiException;
import io.kfpoperator.apiserver.resources.ResourceType;
import java.util.List;

/**
 * Validating admission: called after the schema and CEL rules accepted a create or update, as
 * kube-apiserver calls validating webhooks. It may refuse with field errors (answered 422
 * Invalid, as a webhook's denial with causes is) or admit with warnings.
 */
@FunctionalInterface
public interface AdmissionHook {

    AdmissionHook ALLOW = request -> Verdict.admit();

    Verdict review(Request request);

    /**
     * @param operation   CREATE or UPDATE; {@code old} is null on CREATE
     * @param subResource "" for the main resource, {@code status} for the status subresource
     */
    record Request(ResourceType type, String operation, ObjectNode object, ObjectNode old, boolean dryRun, String subResource) {
        public Request {
            subResource = subResource == null ? "" : subResource;
        }

        public Request(ResourceType type, String operation, ObjectNode object, ObjectNode old, boolean dryRun) {
            this(type, operation, object, old, dryRun, "");
        }
    }

    /** @param refusal the error answered instead of a 422 built from {@code errors} (a webhook's denial or failure), or null */
    record Verdict(boolean allowed, List<FieldError> errors, List<String> warnings, ApiException refusal) {
        public Verdict(boolean allowed, List<FieldError> errors, List<String> warnings) {
            this(allowed, errors, warnings, null);
        }

        public static Verdict admit() {
            return new Verdict(true, List.of(), List.of());
        }

        public static Verdict admit(List<String> warnings) {
            return new Verdict(true, List.of(), List.copyOf(warnings));
        }

        public static Verdict deny(List<FieldError> errors) {
            return new Verdict(false, List.copyOf(errors), List.of());
        }

        public static Verdict refuse(ApiException refusal, List<String> warnings) {
            return new Verdict(false, List.of(), List.copyOf(warnings), refusal);
        }

        public ApiException rejection(ResourceType type, String name) {
            return refusal != null ? refusal : ApiException.invalid(type, name, errors);
        }
    }
}
