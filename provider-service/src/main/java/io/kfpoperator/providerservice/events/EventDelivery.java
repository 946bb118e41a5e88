package io.kfpoperator.providerservice.events;

/** What happened to one attempt to deliver an event to the operator. */
public enum EventDelivery {
    /** 2xx: the operator has it. */
    DELIVERED,
    /** 410 Gone: the operator knows neither the run nor its RunConfiguration; sending again cannot help. */
    GONE,
    /** Anything else (5xx, 4xx other than 410, connection failure, timeout): try again later. */
    RETRY
}
