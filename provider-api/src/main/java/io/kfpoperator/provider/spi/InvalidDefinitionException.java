package io.kfpoperator.provider.spi;

/** The request is malformed (a required field missing or unparseable): 400, retrying will not help. */
public class InvalidDefinitionException extends PlatformException {

    public InvalidDefinitionException(String message) {
        super(message, null);
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
