package dev.rhizome.overlay;

/**
 * Called for every message that arrives on a channel. Handlers run on the channel's I/O thread, one
 * message at a time per connection: keep them short and never block (hand work to a virtual thread).
 * An exception thrown here is logged and counted; it never closes the connection or stops the node.
 */
@FunctionalInterface
public interface ReceiveHandler {
    void onMessage(Delivery delivery) throws Exception;
}
