package dev.rhizome.overlay;

/**
 * A delivery guarantee, chosen per channel ({@link ChannelSpec#withDelivery}) or per send. See
 * {@code docs/channels.md} for what each costs and when a message can still be lost.
 */
public enum DeliveryGuarantee {
    /** The default: a message is lost only if its send failed, or the connection was reset after it was written. */
    AT_MOST_ONCE,
    /** Sequence numbers, acknowledgements and retransmission until acknowledged; duplicates possible. */
    AT_LEAST_ONCE,
    /** At-least-once plus receiver de-duplication by (sender incarnation, channel, sequence). */
    EFFECTIVELY_ONCE;

    /** Whether messages are numbered, acknowledged and retransmitted. */
    public boolean reliable() {
        return this != AT_MOST_ONCE;
    }
}
