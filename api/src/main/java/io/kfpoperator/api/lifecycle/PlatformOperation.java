package io.kfpoperator.api.lifecycle;

/** A call on the platform (through the Provider's service) that a state machine asks for. */
public sealed interface PlatformOperation {

    /** The Provider ("namespace/name") whose service receives the call. */
    String provider();

    /** Create the resource; the platform returns its id. */
    record Create(String provider) implements PlatformOperation {
    }

    /** Replace the platform object {@code id} with the current spec. */
    record Update(String provider, String id) implements PlatformOperation {
    }

    /** Remove the platform object {@code id} (stopping it first for runs). */
    record Delete(String provider, String id) implements PlatformOperation {
    }
}
