package io.kfpoperator.provider.kfp.metadata;

/** ML Metadata could not be asked (or answered with an error); asking again later may succeed. */
public final class MetadataStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MetadataStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
