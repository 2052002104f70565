package dev.rhizome.overlay;

/**
 * A send that did not happen. Every failed send surfaces as this exception (thrown, or completing a
 * send's {@code CompletionStage} exceptionally) and is counted in the channel metrics: nothing is
 * dropped silently.
 */
public class SendException extends RuntimeException {

    /** Why a send failed. */
    public enum Reason {
        /** No connection to the destination on that channel. */
        NOT_CONNECTED,
        /** The destination is not a member of the overlay. */
        UNKNOWN_NODE,
        /** The channel is not configured on this node. */
        UNKNOWN_CHANNEL,
        /** The lane was above its high watermark ({@code trySend}, or a blocking send that timed out). */
        BACKPRESSURE,
        /** The payload is larger than the maximum frame size. */
        TOO_LARGE,
        /** The connection closed before the message was written. */
        CLOSED,
        /** The payload could not be encoded. */
        ENCODING,
        /** The node is shutting down. */
        SHUTDOWN,
        /**
         * The destination is not a neighbour and the topology knows no route to it within the relay
         * TTL ({@code route-ttl}); thrown as a {@link NoRouteException} naming the destination.
         */
        NO_ROUTE
    }

    private final Reason reason;

    public SendException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SendException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
