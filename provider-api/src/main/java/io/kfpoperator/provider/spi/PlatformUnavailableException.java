package io.kfpoperator.provider.spi;

/** The platform failed or could not be reached: 500, a retry may succeed. */
public class PlatformUnavailableException extends PlatformException {

    public PlatformUnavailableException(String message) {
        super(message, null);
    }

    public PlatformUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 500;
    }
}
