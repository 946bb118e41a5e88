package io.kfpoperator.provider.spi;

/** Well formed, but the platform refuses it (bad pipeline, bad cron…): 422, retrying will not help. */
public class PlatformRejectedException extends PlatformException {

    public PlatformRejectedException(String message) {
        super(message, null);
    }

    public PlatformRejectedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 422;
    }
}
