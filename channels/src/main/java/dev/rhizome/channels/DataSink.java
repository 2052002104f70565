package dev.rhizome.channels;

/**
 * Where the messages of one connection (one peer, one channel) go. The transport asks its
 * {@link TransportListener#sink} once per connection, so a listener can resolve its per-channel
 * handler once instead of once per message. Runs on the connection's event loop; must not block.
 */
@FunctionalInterface
public interface DataSink {

    /**
     * A message arrived.
     *
     * @param payload a fresh array the sink may keep
     */
    void onData(int codecId, byte[] payload);
}
