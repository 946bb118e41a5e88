package io.kfpoperator.provider.spi;

/** The platform has no such operation (e.g. updating a run): 501. */
public class OperationNotSupportedException extends PlatformException {

    public OperationNotSupportedException(String message) {
        super(message, null);
    }

    @Override
    public int httpStatus() {
        return 501;
    }
}
