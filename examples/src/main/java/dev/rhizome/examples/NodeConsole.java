package dev.rhizome.examples;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.Overlay;
import dev.rhizome.overlay.SendException;
import dev.rhizome.overlay.config.OverlayConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console of a node run by {@code rhizome node}: prints one line per event on stdout and, with
 * {@code --stdin-commands}, answers line commands. The demo and the tests read these lines.
 *
 * <h2>Event lines (stdout)</h2>
 * <pre>
 * EVENT STARTED &lt;name&gt; &lt;host:port&gt; &lt;incarnation&gt; &lt;epochMillis&gt;
 * EVENT JMX &lt;serviceUrl&gt;
 * EVENT UP &lt;name&gt; &lt;host:port&gt; &lt;incarnation&gt; &lt;epochMillis&gt;
 * EVENT DOWN &lt;name&gt; &lt;host:port&gt; &lt;incarnation&gt; &lt;reason&gt; &lt;epochMillis&gt;
 * EVENT MEMBERS &lt;name,name,...&gt; &lt;epochMillis&gt;        this node's view after each UP/DOWN, itself included
 * EVENT CHANNEL-UP &lt;channel&gt; &lt;peer&gt; &lt;epochMillis&gt;
 * EVENT CHANNEL-DOWN &lt;channel&gt; &lt;peer&gt; &lt;epochMillis&gt;
 * EVENT BROADCAST &lt;origin&gt; &lt;text&gt; &lt;epochMillis&gt;    a broadcast delivered here (its own included)
 * EVENT STOPPING &lt;name&gt; &lt;epochMillis&gt;
 * EVENT STOPPED &lt;name&gt; &lt;epochMillis&gt;
 * </pre>
 *
 * <h2>Commands (stdin, one per line) and their replies</h2>
 * <pre>
 * send &lt;node|*&gt; &lt;channel&gt; &lt;count&gt; [bytes]  → SENT &lt;node|*&gt; &lt;channel&gt; ok=&lt;n&gt; failed=&lt;n&gt;
 * stats                                     → STATS &lt;channel&gt; in=&lt;n&gt; out=&lt;n&gt; (one per channel), then STATS END
 * members                                   → MEMBERS &lt;name,name,...&gt;
 * broadcast &lt;text&gt;                          → BROADCAST &lt;text&gt; once handed to the topology
 * leave                                     → LEFT
 * ping                                      → PONG
 * quit                                      → leaves gracefully and exits 0
 * </pre>
 * A command that cannot be done answers {@code ERROR <command> <why>}.
 */
final class NodeConsole {

    private static final Logger LOG = LoggerFactory.getLogger("rhizome.node");
    private static final long CONNECT_WAIT_MS = 5_000;
    private static final long SEND_WAIT_MS = 20_000;

    private final Overlay overlay;
    private final OverlayConfig config;
    private final PrintWriter out;
    private final NodeId self;
    /** This node's view as reported by events: name to the incarnation last seen up. */
    private final Map<String, NodeId> view = new TreeMap<>();
    private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    NodeConsole(Overlay overlay, OverlayConfig config, PrintWriter out) {
        this.overlay = overlay;
        this.config = config;
        this.out = out;
        this.self = overlay.self();
    }

    /** Registers the listeners and prints STARTED, then any member that came up meanwhile. */
    void start() {
        for (ChannelSpec channel : config.channels()) {
            received.put(channel.name(), new LongAdder());
            sent.put(channel.name(), new LongAdder());
            overlay.onReceive(channel.name(), delivery -> received.get(delivery.channel()).increment());
            overlay.onChannelUp(channel.name(), (peer, reason) ->
                    emit("CHANNEL-UP", channel.name(), peer.name(), now()));
            overlay.onChannelDown(channel.name(), (peer, reason) ->
                    emit("CHANNEL-DOWN", channel.name(), peer.name(), now()));
        }
        overlay.onBroadcast((origin, payload) -> emit("BROADCAST", origin.name(),
                new String(payload, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s", "_"), now()));
        overlay.onNodeUp((node, reason) -> nodeUp(node));
        overlay.onNodeDown(this::nodeDown);
        emit("STARTED", self.name(), self.hostPort(), Long.toString(self.incarnation()), now());
        if (overlay instanceof RhizomeNode node) {
            node.jmxServiceUrl().ifPresent(url -> emit("JMX", url));
        }
        LOG.info("node {} listening on {} (topology {}, channels {})", self.name(), self.hostPort(),
                overlay.topology(), config.channels());
        // A member may have come up between start and the listeners' registration.
        overlay.members().forEach(this::nodeUp);
    }

    private synchronized void nodeUp(NodeId node) {
        if (node.name().equals(self.name())) {
            return;
        }
        NodeId previous = view.get(node.name());
        if (node.equals(previous) || previous != null && previous.incarnation() > node.incarnation()) {
            return;
        }
        view.put(node.name(), node);
        emit("UP", node.name(), node.hostPort(), Long.toString(node.incarnation()), now());
        emitMembers();
        LOG.info("{} is up at {}{}", node.name(), node.hostPort(), previous == null ? "" : " (restarted)");
    }

    private synchronized void nodeDown(NodeId node, String reason) {
        if (node.name().equals(self.name())) {
            return;
        }
        emit("DOWN", node.name(), node.hostPort(), Long.toString(node.incarnation()), reason, now());
        if (node.equals(view.get(node.name()))) {
            view.remove(node.name());
            emitMembers();
        }
        LOG.info("{} is down ({})", node.name(), reason);
    }

    private void emitMembers() {
        TreeSet<String> names = new TreeSet<>(view.keySet());
        names.add(self.name());
        emit("MEMBERS", String.join(",", names), now());
    }

    private void emit(String kind, String... fields) {
        reply("EVENT " + kind + " " + String.join(" ", fields));
    }

    private void reply(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private static String now() {
        return Long.toString(System.currentTimeMillis());
    }

    /** Answers commands until end of input or {@code quit}. */
    void runCommands(BufferedReader in) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.trim().split("\\s+");
                if (words[0].isEmpty()) {
                    continue;
                }
                if (words[0].equals("quit") || words[0].equals("exit")) {
                    return;
                }
                try {
                    command(words);
                } catch (RuntimeException e) {
                    reply("ERROR " + words[0] + " " + e);
                }
            }
        } catch (IOException e) {
            LOG.warn("stdin closed: {}", e.toString());
        }
    }

    private void command(String[] words) {
        switch (words[0]) {
            case "send" -> send(words);
            case "stats" -> stats();
            case "members" -> reply("MEMBERS " + String.join(",",
                    new TreeSet<>(overlay.members().stream().map(NodeId::name).toList())));
            case "leave" -> {
                await(overlay.leave().toCompletableFuture(), SEND_WAIT_MS);
                reply("LEFT");
            }
            case "broadcast" -> broadcast(words);
            case "ping" -> reply("PONG");
            case "help" -> reply("HELP send <node|*> <channel> <count> [bytes] | stats | members | broadcast <text> | leave"
                    + " | ping | quit");
            default -> reply("ERROR " + words[0] + " unknown command; try: send, stats, members, broadcast, leave, ping,"
                    + " quit");
        }
    }

    /** {@code broadcast <text>}: {@link Overlay#broadcast} of the text's UTF-8 bytes. */
    private void broadcast(String[] words) {
        if (words.length != 2) {
            reply("ERROR broadcast usage: broadcast <text> (one word)");
            return;
        }
        String failure = await(overlay.broadcast(words[1].getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toCompletableFuture(), SEND_WAIT_MS);
        reply(failure == null ? "BROADCAST " + words[1] : "ERROR broadcast " + failure);
    }

    /** {@code send <node|*> <channel> <count> [bytes]}: waits (bounded) for the channel to connect first. */
    private void send(String[] words) {
        if (words.length < 4) {
            reply("ERROR send usage: send <node|*> <channel> <count> [bytes]");
            return;
        }
        String target = words[1];
        String channel = words[2];
        int count = Integer.parseInt(words[3]);
        int size = words.length > 4 ? Integer.parseInt(words[4]) : 64;
        if (config.channel(channel).isEmpty()) {
            reply("ERROR send channel '" + channel + "' is not configured");
            return;
        }
        List<NodeId> peers = new ArrayList<>();
        if (target.equals("*")) {
            overlay.members().stream().filter(n -> !n.name().equals(self.name())).forEach(peers::add);
        } else {
            Optional<NodeId> peer = overlay.member(target);
            if (peer.isEmpty()) {
                reply("ERROR send " + target + " is not a member");
                return;
            }
            peers.add(peer.get());
        }
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        long ok = 0;
        long failed = 0;
        String firstFailure = null;
        for (NodeId peer : peers) {
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            int started = 0;
            if (count > 0) {
                String failure = sendFirst(peer, channel, payload);
                started = 1;
                if (failure == null) {
                    ok++;
                } else {
                    failed++;
                    firstFailure = firstFailure == null ? failure : firstFailure;
                }
            }
            for (int i = started; i < count; i++) {
                sends.add(overlay.send(peer, channel, payload).toCompletableFuture());
            }
            for (CompletableFuture<Void> send : sends) {
                String failure = await(send, SEND_WAIT_MS);
                if (failure == null) {
                    ok++;
                } else {
                    failed++;
                    firstFailure = firstFailure == null ? failure : firstFailure;
                }
            }
        }
        sent.get(channel).add(ok);
        if (firstFailure != null) {
            LOG.warn("{} of {} sends on {} failed, first: {}", failed, ok + failed, channel, firstFailure);
        }
        reply("SENT " + target + " " + channel + " ok=" + ok + " failed=" + failed);
    }

    /** Sends one message, retrying while the channel to {@code peer} is still connecting. */
    private String sendFirst(NodeId peer, String channel, byte[] payload) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_WAIT_MS);
        while (true) {
            String failure = await(overlay.send(peer, channel, payload).toCompletableFuture(), SEND_WAIT_MS);
            boolean connecting = failure != null && failure.startsWith(SendException.Reason.NOT_CONNECTED.name());
            if (!connecting || System.nanoTime() > deadline) {
                return failure;
            }
            try {
                Thread.sleep(20); // the connection is being dialled; try again shortly
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failure;
            }
        }
    }

    /** Waits for a send; {@code null} on success, else {@code REASON: message}. */
    private static String await(CompletableFuture<?> future, long timeoutMs) {
        try {
            future.get(timeoutMs, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause instanceof SendException send ? send.reason() + ": " + send.getMessage() : String.valueOf(cause);
        } catch (TimeoutException e) {
            return "TIMEOUT: no completion within " + timeoutMs + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "INTERRUPTED";
        }
    }

    /** {@code STATS <channel> in=<n> out=<n>}: messages in and out on each channel, summed over peers. */
    private void stats() {
        MetricRegistry metrics = overlay instanceof RhizomeNode node ? node.metrics() : null;
        for (ChannelSpec channel : config.channels()) {
            long in;
            long outCount;
            if (metrics != null) {
                in = sumMeters(metrics, channel.name(), "messages-in");
                outCount = sumMeters(metrics, channel.name(), "messages-out");
            } else {
                in = received.get(channel.name()).sum();
                outCount = sent.get(channel.name()).sum();
            }
            reply("STATS " + channel.name() + " in=" + in + " out=" + outCount);
        }
        reply("STATS END");
    }

    private static long sumMeters(MetricRegistry metrics, String channel, String metric) {
        String prefix = "channel." + channel + ".peer.";
        String suffix = "." + metric;
        long sum = 0;
        for (Map.Entry<String, Meter> entry : metrics.getMeters().entrySet()) {
            if (entry.getKey().startsWith(prefix) && entry.getKey().endsWith(suffix)) {
                sum += entry.getValue().getCount();
            }
        }
        return sum;
    }

    /** Leaves gracefully, drains and closes; called once, from the shutdown hook. */
    void stop() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        emit("STOPPING", self.name(), now());
        try {
            overlay.close();
        } finally {
            emit("STOPPED", self.name(), now());
        }
    }

}
