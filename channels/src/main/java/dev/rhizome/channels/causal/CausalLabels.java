package dev.rhizome.channels.causal;

import dev.rhizome.channels.Transport;
import dev.rhizome.channels.TransportListener;
import dev.rhizome.overlay.NodeId;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Causal labels: every message sent with a label is delivered, at every node, only after every message
 * with the same label that causally precedes it (sent before it by the same node, or delivered to its
 * sender before it was sent). Messages with different labels, or without a label, are not ordered.
 *
 * <p>Algorithm (Raynal, Schiper, Toueg 1991), per label: each node keeps {@code sent[k][l]}, how many
 * messages it knows k sent to l, and {@code delivered[k]}, how many from k it delivered. A message from
 * i to j carries i's {@code sent} matrix as it was before the send; j delivers it once
 * {@code delivered[k] >= ST[k][j]} for every k, then merges the matrix. A message j already delivered
 * ({@code delivered[i] > ST[i][j]}) is a duplicate and is dropped, so the layer can run over an
 * at-least-once channel. Labels need a lossless channel underneath (a lost message blocks its
 * successors), so use them on an {@code AT_LEAST_ONCE} or {@code EFFECTIVELY_ONCE} channel. Node
 * names are the matrix indices.
 *
 * <p>Use: start the transport with {@code labels.wrap(listener)}, then send with {@link #send}. Labeled
 * messages travel with codec id {@link #CODEC}; the listener sees the original codec id.
 */
public final class CausalLabels {

    /** The codec id of a labeled envelope on the wire. */
    public static final int CODEC = 0xFFFE;

    private final String self;
    private final Map<String, LabelState> labels = new ConcurrentHashMap<>();
    private final AtomicLong buffered = new AtomicLong();

    /** @param selfName this node's name (the transport's {@code self().name()}) */
    public CausalLabels(String selfName) {
        this.self = selfName;
    }

    /** Sends {@code payload} to {@code peer} with causal label {@code label}. */
    public CompletionStage<Void> send(Transport transport, NodeId peer, String channel, String label, int codecId,
            byte[] payload) {
        return transport.send(peer, channel, Transport.NO_KEY, CODEC, stamp(label, peer.name(), codecId, payload));
    }

    /** The envelope of one labeled message to {@code to}; records the send. */
    public byte[] stamp(String label, String to, int codecId, byte[] payload) {
        LabelState state = labels.computeIfAbsent(label, l -> new LabelState());
        Map<String, Map<String, Long>> st;
        synchronized (state) {
            st = state.copySent();
            state.sent.computeIfAbsent(self, k -> new HashMap<>()).merge(to, 1L, Long::sum);
        }
        return encode(label, codecId, st, payload);
    }

    /** A listener that unwraps labeled envelopes and delivers them in causal order to {@code downstream}. */
    public TransportListener wrap(TransportListener downstream) {
        return new TransportListener() {
            @Override
            public void onChannelUp(NodeId peer, String channel) {
                downstream.onChannelUp(peer, channel);
            }

            @Override
            public void onChannelDown(NodeId peer, String channel) {
                downstream.onChannelDown(peer, channel);
            }

            @Override
            public void onData(NodeId peer, String channel, int codecId, byte[] payload) {
                if (codecId != CODEC) {
                    downstream.onData(peer, channel, codecId, payload);
                    return;
                }
                for (Ready r : receive(peer, channel, payload)) {
                    downstream.onData(r.peer, r.channel, r.envelope.codecId, r.envelope.payload);
                }
            }

            @Override
            public void onDialFailed(InetSocketAddress address, String reason) {
                downstream.onDialFailed(address, reason);
            }
        };
    }

    /** Labeled messages received but waiting for a causal predecessor. */
    public long buffered() {
        return buffered.get();
    }

    private record Envelope(String label, int codecId, Map<String, Map<String, Long>> st, byte[] payload) {
    }

    private record Ready(NodeId peer, String channel, Envelope envelope) {
    }

    /** Everything that became deliverable by this arrival, in delivery order. */
    private List<Ready> receive(NodeId peer, String channel, byte[] bytes) {
        Envelope e = decode(bytes);
        LabelState state = labels.computeIfAbsent(e.label, l -> new LabelState());
        List<Ready> ready = new ArrayList<>();
        synchronized (state) {
            Ready arrived = new Ready(peer, channel, e);
            if (state.duplicate(arrived, self)) {
                return ready;
            }
            state.waiting.add(arrived);
            buffered.incrementAndGet();
            boolean progress = true;
            while (progress) {
                progress = false;
                for (Iterator<Ready> it = state.waiting.iterator(); it.hasNext(); ) {
                    Ready r = it.next();
                    if (state.duplicate(r, self)) {
                        it.remove();
                        buffered.decrementAndGet();
                    } else if (state.deliverable(r, self)) {
                        it.remove();
                        buffered.decrementAndGet();
                        state.deliver(r, self);
                        ready.add(r);
                        progress = true;
                    }
                }
            }
        }
        return ready;
    }

    /** The matrix clock of one label at this node. Guarded by itself. */
    private static final class LabelState {
        final Map<String, Map<String, Long>> sent = new HashMap<>();
        final Map<String, Long> delivered = new HashMap<>();
        final List<Ready> waiting = new ArrayList<>();

        Map<String, Map<String, Long>> copySent() {
            Map<String, Map<String, Long>> copy = new HashMap<>();
            sent.forEach((k, row) -> copy.put(k, new HashMap<>(row)));
            return copy;
        }

        boolean duplicate(Ready r, String self) {
            String from = r.peer.name();
            return delivered.getOrDefault(from, 0L) > get(r.envelope.st, from, self);
        }

        boolean deliverable(Ready r, String self) {
            for (Map.Entry<String, Map<String, Long>> row : r.envelope.st.entrySet()) {
                long needed = row.getValue().getOrDefault(self, 0L);
                if (delivered.getOrDefault(row.getKey(), 0L) < needed) {
                    return false;
                }
            }
            return true;
        }

        void deliver(Ready r, String self) {
            String from = r.peer.name();
            delivered.merge(from, 1L, Long::sum);
            r.envelope.st.forEach((k, row) -> {
                Map<String, Long> mine = sent.computeIfAbsent(k, x -> new HashMap<>());
                row.forEach((l, n) -> mine.merge(l, n, Math::max));
            });
            sent.computeIfAbsent(from, x -> new HashMap<>()).merge(self, 1L, Long::sum);
        }

        private static long get(Map<String, Map<String, Long>> m, String k, String l) {
            Map<String, Long> row = m.get(k);
            return row == null ? 0 : row.getOrDefault(l, 0L);
        }
    }

    private static byte[] encode(String label, int codecId, Map<String, Map<String, Long>> st, byte[] payload) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(label);
            out.writeShort(codecId);
            int entries = st.values().stream().mapToInt(Map::size).sum();
            out.writeInt(entries);
            for (Map.Entry<String, Map<String, Long>> row : st.entrySet()) {
                for (Map.Entry<String, Long> cell : row.getValue().entrySet()) {
                    out.writeUTF(row.getKey());
                    out.writeUTF(cell.getKey());
                    out.writeLong(cell.getValue());
                }
            }
            out.writeInt(payload.length);
            out.write(payload);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Envelope decode(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
            String label = in.readUTF();
            int codecId = in.readUnsignedShort();
            int entries = in.readInt();
            if (entries < 0 || entries > bytes.length) {
                throw new IllegalArgumentException("bad causal envelope: " + entries + " clock entries");
            }
            Map<String, Map<String, Long>> st = new HashMap<>();
            for (int i = 0; i < entries; i++) {
                String k = in.readUTF();
                String l = in.readUTF();
                st.computeIfAbsent(k, x -> new HashMap<>()).put(l, in.readLong());
            }
            int length = in.readInt();
            if (length < 0 || length > bytes.length) {
                throw new IllegalArgumentException("bad causal envelope: payload of " + length + " bytes");
            }
            byte[] payload = in.readNBytes(length);
            return new Envelope(label, codecId, st, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
