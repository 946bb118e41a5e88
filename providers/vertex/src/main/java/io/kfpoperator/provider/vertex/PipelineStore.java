package io.kfpoperator.provider.vertex;

import com.google.api.gax.paging.Page;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bucket side of the platform. Compiled pipelines live at {@code <namespace>/<name>/<version>}
 * (upstream's layout, so templates it uploaded stay usable); experiments, which Vertex has no
 * counterpart for here, are recorded under {@code .kfp-operator/experiments/}, a prefix no
 * Kubernetes namespace can start with.
 */
final class PipelineStore {

    private static final String EXPERIMENTS = ".kfp-operator/experiments/";

    private final Storage storage;
    private final String bucket;

    PipelineStore(Storage storage, String bucket) {
        this.storage = storage;
        this.bucket = bucket;
    }

    static String templateObject(String pipelineName, String version) {
        return pipelineName + "/" + version;
    }

    String templateUri(String pipelineName, String version) {
        return "gs://" + bucket + "/" + templateObject(pipelineName, version);
    }

    void writeTemplate(String pipelineName, String version, byte[] compiled) {
        write(templateObject(pipelineName, version), compiled, "application/json");
    }

    Optional<byte[]> readTemplate(String pipelineName, String version) {
        return read(templateObject(pipelineName, version));
    }

    boolean pipelineExists(String pipelineName) {
        return !list(pipelineName + "/", 1).isEmpty();
    }

    /** Deletes every version of the pipeline; returns how many objects went. */
    int deletePipeline(String pipelineName) {
        List<BlobId> ids = list(pipelineName + "/", 0);
        for (BlobId id : ids) {
            storage.delete(id);
        }
        return ids.size();
    }

    int countPipelineVersions(String pipelineName) {
        return list(pipelineName + "/", 0).size();
    }

    void writeExperiment(String name, byte[] definition) {
        write(EXPERIMENTS + name, definition, "application/json");
    }

    boolean experimentExists(String name) {
        return storage.get(BlobId.of(bucket, EXPERIMENTS + name)) != null;
    }

    void deleteExperiment(String name) {
        storage.delete(BlobId.of(bucket, EXPERIMENTS + name));
    }

    private void write(String object, byte[] content, String contentType) {
        storage.create(BlobInfo.newBuilder(BlobId.of(bucket, object)).setContentType(contentType).build(), content);
    }

    private Optional<byte[]> read(String object) {
        try {
            Blob blob = storage.get(BlobId.of(bucket, object));
            return blob == null ? Optional.empty() : Optional.of(blob.getContent());
        } catch (StorageException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Object ids under {@code prefix}; {@code limit} 0 means all. */
    private List<BlobId> list(String prefix, int limit) {
        List<BlobId> ids = new ArrayList<>();
        Page<Blob> page = limit > 0
                ? storage.list(bucket, Storage.BlobListOption.prefix(prefix), Storage.BlobListOption.pageSize(limit))
                : storage.list(bucket, Storage.BlobListOption.prefix(prefix));
        for (Blob blob : page.iterateAll()) {
            ids.add(blob.getBlobId());
            if (limit > 0 && ids.size() >= limit) {
                break;
            }
        }
        return ids;
    }
}
