package io.kfpoperator.providerservice.events;

import java.util.Optional;

/** Where the delivery watermark survives restarts: a file, or a ConfigMap in Kubernetes. */
public interface WatermarkStore {

    /** The last saved watermark, empty when none was ever saved. */
    Optional<Watermark> load();

    /** Saves durably before returning: a crash after it must not re-send what it covers. */
    void save(Watermark watermark);

    /** Where it is kept, for log lines. */
    String describe();
}
