package io.kfpoperator.controller.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers a create sent to a provider service whose creates are not idempotent (the Go
 * operator's images) until its answer is known, so that a lost answer, or a controller that stopped
 * mid-call, never leads to the same create being sent twice. The mark is tied to the value of the
 * retry annotation at the time: a user who changes that annotation says "send it again".
 */
public interface CreateJournal {

    /** The annotation marking a create whose answer has not been seen; its value is the retry annotation's value when sent. */
    String CREATE_SENT_ANNOTATION = "pipelines.kubeflow.org/create-sent";
    /** Same as the reconcilers' retry annotation (a user's "try again"). */
    String RETRY_ANNOTATION = "pipelines.kubeflow.org/retry";

    /** Whether a create for {@code owner} was sent and its answer never seen (since the last retry request). */
    boolean pending(HasMetadata owner);

    /** Marks a create for {@code owner} as sent, before it is sent. */
    void sent(HasMetadata owner);

    /** The service answered: the mark goes. */
    void answered(HasMetadata owner);

    /** Kept on the resource as {@link #CREATE_SENT_ANNOTATION}, so it survives a restart of the controller. */
    static CreateJournal annotations(KubernetesClient client) {
        return new CreateJournal() {
            @Override
            public boolean pending(HasMetadata owner) {
                HasMetadata fresh = onServer(client, owner).get();
                Map<String, String> annotations = (fresh == null ? owner : fresh).getMetadata().getAnnotations();
                return annotations != null && annotations.containsKey(CREATE_SENT_ANNOTATION)
                        && Objects.equals(annotations.get(CREATE_SENT_ANNOTATION), annotations.getOrDefault(RETRY_ANNOTATION, ""));
            }

            @Override
            public void sent(HasMetadata owner) {
                onServer(client, owner).edit(r -> {
                    Map<String, String> annotations = r.getMetadata().getAnnotations();
                    if (annotations == null) {
                        annotations = new java.util.HashMap<>();
                        r.getMetadata().setAnnotations(annotations);
                    }
                    annotations.put(CREATE_SENT_ANNOTATION, annotations.getOrDefault(RETRY_ANNOTATION, ""));
                    return r;
                });
            }

            @Override
            public void answered(HasMetadata owner) {
                onServer(client, owner).edit(r -> {
                    if (r.getMetadata().getAnnotations() != null) {
                        r.getMetadata().getAnnotations().remove(CREATE_SENT_ANNOTATION);
                    }
                    return r;
                });
            }
        };
    }

    /** The resource as the server has it (not the given copy, which may predate the mark). */
    @SuppressWarnings("unchecked")
    private static io.fabric8.kubernetes.client.dsl.Resource<HasMetadata> onServer(KubernetesClient client, HasMetadata owner) {
        return client.resources((Class<HasMetadata>) owner.getClass()).inNamespace(owner.getMetadata().getNamespace())
                .withName(owner.getMetadata().getName());
    }

    /** In memory, for engines built without a Kubernetes client (tests): lost across a restart. */
    static CreateJournal inMemory() {
        Map<String, String> sent = new ConcurrentHashMap<>();
        return new CreateJournal() {
            private String key(HasMetadata owner) {
                return owner.getMetadata().getNamespace() + "/" + owner.getMetadata().getName() + "/" + owner.getMetadata().getUid();
            }

            private String retry(HasMetadata owner) {
                Map<String, String> annotations = owner.getMetadata().getAnnotations();
                return annotations == null ? "" : annotations.getOrDefault(RETRY_ANNOTATION, "");
            }

            @Override
            public boolean pending(HasMetadata owner) {
                return Objects.equals(sent.get(key(owner)), retry(owner));
            }

            @Override
            public void sent(HasMetadata owner) {
                sent.put(key(owner), retry(owner));
            }

            @Override
            public void answered(HasMetadata owner) {
                sent.remove(key(owner));
            }
        };
    }
}
