package dev.rhizome.channels;

import dev.rhizome.overlay.NodeId;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A listener that records everything, for assertions with Awaitility. */
final class RecordingListener implements TransportListener {

    record Received(NodeId peer, String channel, int codecId, byte[] payload) {
    }

    final Queue<Received> received = new ConcurrentLinkedQueue<>();
    final List<String> ups = new CopyOnWriteArrayList<>();
    final List<String> downs = new CopyOnWriteArrayList<>();
    final List<String> dialFailures = new CopyOnWriteArrayList<>();
    final List<NodeId> upPeers = new CopyOnWriteArrayList<>();
    final AtomicInteger dataCount = new AtomicInteger();
    volatile boolean throwOnData;
    /** Runs on the event loop for every message, after it was recorded. */
    volatile java.util.function.Consumer<Received> onEachData = r -> { };


    @Override
    public void onChannelUp(NodeId peer, String channel) {
        ups.add(peer.name() + "/" + channel);
        upPeers.add(peer);
    }

    @Override
    public void onChannelDown(NodeId peer, String channel) {
        downs.add(peer.name() + "/" + channel);
    }

    @Override
    public void onData(NodeId peer, String channel, int codecId, byte[] payload) {
        Received r = new Received(peer, channel, codecId, payload);
        received.add(r);
        dataCount.incrementAndGet();
        onEachData.accept(r);
        if (throwOnData) {
            throw new IllegalStateException("listener failure on purpose");
        }
    }

    @Override
    public void onDialFailed(InetSocketAddress address, String reason) {
        dialFailures.add(address + ": " + reason);
    }

    long countFrom(String peerName, String channel) {
        return received.stream().filter(r -> r.peer().name().equals(peerName) && r.channel().equals(channel)).count();
    }
}
