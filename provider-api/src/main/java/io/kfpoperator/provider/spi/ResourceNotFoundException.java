package io.kfpoperator.provider.spi;

/** An update named an id the platform does not have: 404. */
public class ResourceNotFoundException extends PlatformException {

    public ResourceNotFoundException(String message) {
        super(message, null);
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
