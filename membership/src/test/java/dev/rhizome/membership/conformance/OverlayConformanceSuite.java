package dev.rhizome.membership.conformance;

import static dev.rhizome.membership.conformance.ConformanceCluster.BULK;
import static dev.rhizome.membership.conformance.ConformanceCluster.BULK_LANES;
import static dev.rhizome.membership.conformance.ConformanceCluster.CHAT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rhizome.channels.faults.Fault;
import dev.rhizome.membership.RhizomeNode;
import dev.rhizome.overlay.Delivery;
import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.config.OverlayConfigBuilder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conformance suite every topology runs: the same cases, on real nodes over Netty on 127.0.0.1, so
 * an application written against {@link dev.rhizome.overlay.Overlay} behaves the same whatever topology
 * is chosen at startup.
 *
 * <p>A subclass names its topology, configures each node of a small cluster (seeds, roles, the peer
 * graph), says what its members and neighbours should look like, and lists the cases it cannot honour
 * with the reason. A declared case still runs, with shorter waits: if it fails it is reported as not
 * honoured (a JUnit assumption carrying the reason); if it passes the build fails, because the
 * declaration, and the matrix in {@code docs/topologies.md}, would no longer be true. Outcomes are
 * written to {@code target/conformance/<topology>.md} by {@link ConformanceReport}.
 *
 * <p>Vocabulary: a node's <em>members</em> are {@code members()}; its <em>neighbours</em> are the nodes
 * it holds connections to on a user channel. The {@linkplain #expendable() expendable} node is the one
 * the cases stop, crash and restart.
 */
@ExtendWith(ConformanceReport.class)
@Timeout(60)
public abstract class OverlayConformanceSuite {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Duration PATIENCE_WHEN_NOT_HONOURED = Duration.ofSeconds(4);
    private static final Duration POLL = Duration.ofMillis(20);

    private ConformanceCluster cluster;
    private Duration patience = PATIENCE;

    // ---- what a topology supplies -------------------------------------------------------------------

    /** The topology's name, as given to the {@code topology} setting. */
    protected abstract String topology();

    /** Adds the topology's own settings for node {@code index} (seeds, role, peers, short timers). */
    protected abstract void configure(OverlayConfigBuilder builder, int index, ClusterPlan plan);

    /**
     * Whether the neighbour graph (who holds connections to whom, among the running nodes) is the one
     * the topology promises, e.g. complete for a full mesh or exactly the configured peers for static.
     */
    protected abstract boolean neighboursAsDesigned(ConformanceCluster cluster);

    /** How many nodes each case starts (default 4). */
    protected int clusterSize() {
        return 4;
    }

    /**
     * Whether every node's {@code members()} lists every running node (true, the default), or only a
     * partial view (HyParView's active view), in which case the union of the views must be symmetric and
     * connected.
     */
    protected boolean membersAreGlobal() {
        return true;
    }

    /** The node the cases stop, crash and restart; the others must stay connected without it. */
    protected int expendable() {
        return clusterSize() - 1;
    }

    /** The cases this topology cannot honour, each with the reason. */
    protected Map<Case, String> notHonoured() {
        return Map.of();
    }

    // ---- cases --------------------------------------------------------------------------------------

    @Test
    void joinLeaveAndRejoin() {
        honour(Case.JOIN_LEAVE_REJOIN, () -> {
            startStable();
            int x = expendable();
            String name = name(x);
            NodeId before = node(x).self();
            Map<Integer, EventLog> downs = onEveryOther(x, (node, log) -> node.onNodeDown(name, log));
            Set<Integer> holders = holdersOf(name);
            node(x).leave().toCompletableFuture().join();
            awaitUntil("every node forgets " + name + " after it left", () -> holdersOf(name).isEmpty());
            for (int i : holders) {
                awaitUntil(name(i) + " told that " + name + " went down", () -> downs.get(i).saw(before), downs.get(i));
            }
            cluster.stop(x);
            NodeId after = cluster.start(x).self();
            assertEquals(before.name(), after.name());
            assertTrue(after.incarnation() > before.incarnation(), "a restart has a larger incarnation");
            awaitStable();
            awaitUntil("the members see " + name + "'s new incarnation", () -> holdersOf(name).stream()
                    .allMatch(i -> node(i).members().contains(after)) && !holdersOf(name).isEmpty());
        });
    }

    @Test
    void gracefulLeaveReportedAsLeft() {
        honour(Case.LEAVE_REASON, () -> {
            startStable();
            int x = expendable();
            String name = name(x);
            Map<Integer, EventLog> downs = onEveryOther(x, (node, log) -> node.onNodeDown(name, log));
            Set<Integer> holders = holdersOf(name);
            node(x).leave().toCompletableFuture().join();
            for (int i : holders) {
                awaitUntil(name(i) + " told that " + name + " left", () -> downs.get(i).about(name).stream()
                        .anyMatch(e -> e.reason().equals("left")), downs.get(i));
            }
        });
    }

    @Test
    void membersAndNeighbours() {
        honour(Case.MEMBERS_AND_NEIGHBOURS, () -> {
            startStable();
            for (int i : cluster.running()) {
                RhizomeNode node = node(i);
                assertEquals(topology(), node.topology());
                assertTrue(node.members().contains(node.self()), name(i) + " is its own member");
                assertEquals(Optional.of(node.self()), node.member(name(i)));
                Set<NodeId> both = new TreeSet<>(node.members());
                both.retainAll(node.passivePeers());
                assertTrue(both.isEmpty(), name(i) + ": a passive peer is not a member: " + both);
                for (int j : cluster.neighbours(i, CHAT)) {
                    assertTrue(node.members().contains(node(j).self()), name(i) + ": neighbour " + name(j)
                            + " is a member");
                }
                awaitUntil(name(i) + ": every channel connects the same neighbours",
                        () -> cluster.neighbours(i, BULK).equals(cluster.neighbours(i, CHAT)));
            }
        });
    }

    @Test
    void nodeUpAndDownPerNode() {
        honour(Case.NODE_EVENTS, () -> {
            startStable();
            int x = expendable();
            String name = name(x);
            String bystander = name(x == 0 ? 1 : 0);
            Map<Integer, EventLog> anyUp = onEveryOther(x, (node, log) -> node.onNodeUp(log));
            Map<Integer, EventLog> anyDown = onEveryOther(x, (node, log) -> node.onNodeDown(log));
            Map<Integer, EventLog> xUp = onEveryOther(x, (node, log) -> node.onNodeUp(name, log));
            Map<Integer, EventLog> xDown = onEveryOther(x, (node, log) -> node.onNodeDown(name, log));
            Map<Integer, EventLog> otherUp = onEveryOther(x, (node, log) -> node.onNodeUp(bystander, log));
            Map<Integer, EventLog> otherDown = onEveryOther(x, (node, log) -> node.onNodeDown(bystander, log));
            Set<Integer> holders = holdersOf(name);
            cluster.stop(x);
            for (int i : holders) {
                awaitUntil(name(i) + " told, by name and in general, that " + name + " went down",
                        () -> xDown.get(i).saw(name) && anyDown.get(i).saw(name));
            }
            NodeId reborn = cluster.start(x).self();
            awaitStable();
            for (int i : holdersOf(name)) {
                awaitUntil(name(i) + " told, by name and in general, that " + reborn + " came up",
                        () -> xUp.get(i).saw(reborn) && anyUp.get(i).saw(reborn));
            }
            for (int i : xUp.keySet()) {
                assertTrue(xUp.get(i).events().stream().allMatch(e -> e.node().name().equals(name)),
                        name(i) + ": the listener for " + name + " heard only of it: " + xUp.get(i));
                assertTrue(xDown.get(i).events().stream().allMatch(e -> e.node().name().equals(name)),
                        name(i) + ": the listener for " + name + " heard only of it: " + xDown.get(i));
                assertTrue(otherUp.get(i).events().stream().allMatch(e -> e.node().name().equals(bystander))
                                && otherDown.get(i).events().stream().allMatch(e -> e.node().name().equals(bystander)),
                        name(i) + ": the listener for " + bystander + " heard only of it: " + otherUp.get(i) + otherDown.get(i));
                if (membersAreGlobal() && !name(i).equals(bystander)) {
                    // A partial view may legitimately reshuffle around a rejoin; a global one has no reason to.
                    assertTrue(otherUp.get(i).events().isEmpty() && otherDown.get(i).events().isEmpty(),
                            name(i) + ": nothing happened to " + bystander + ": " + otherUp.get(i) + otherDown.get(i));
                }
            }
        });
    }

    @Test
    void channelUpAndDownPerChannel() {
        honour(Case.CHANNEL_EVENTS, () -> {
            startStable();
            int x = expendable();
            String name = name(x);
            Map<Integer, EventLog> chatUp = onEveryOther(x, (node, log) -> node.onChannelUp(CHAT, log));
            Map<Integer, EventLog> bulkUp = onEveryOther(x, (node, log) -> node.onChannelUp(BULK, log));
            Map<Integer, EventLog> chatDown = onEveryOther(x, (node, log) -> node.onChannelDown(CHAT, log));
            Map<Integer, EventLog> bulkDown = onEveryOther(x, (node, log) -> node.onChannelDown(BULK, log));
            Set<Integer> neighbours = cluster.neighbours(x, CHAT);
            assertFalse(neighbours.isEmpty(), name + " has a neighbour");
            NodeId old = node(x).self();
            cluster.stop(x);
            for (int i : neighbours) {
                awaitUntil(name(i) + " told that both channels to " + name + " went down",
                        () -> chatDown.get(i).saw(old) && bulkDown.get(i).saw(old));
                assertEquals(1, bulkDown.get(i).events().stream().filter(e -> e.node().equals(old)).count(),
                        name(i) + ": one down per channel, however many lanes: " + bulkDown.get(i));
            }
            NodeId reborn = cluster.start(x).self();
            awaitStable();
            Set<Integer> newNeighbours = cluster.neighbours(x, CHAT);
            for (int i : newNeighbours) {
                awaitUntil(name(i) + " told that both channels to " + reborn + " came up",
                        () -> chatUp.get(i).saw(reborn) && bulkUp.get(i).saw(reborn));
                assertEquals(1, bulkUp.get(i).events().stream().filter(e -> e.node().equals(reborn)).count(),
                        name(i) + ": one up per channel, however many lanes: " + bulkUp.get(i));
            }
            for (int i : chatUp.keySet()) {
                // On a partial view a joiner may be a neighbour for a moment between two snapshots.
                if (membersAreGlobal() && !neighbours.contains(i) && !newNeighbours.contains(i)) {
                    assertFalse(chatUp.get(i).saw(name) || chatDown.get(i).saw(name),
                            name(i) + " never connected to " + name + ", so it heard nothing of its channels");
                }
            }
        });
    }

    @Test
    void sendToANeighbourAndReply() {
        honour(Case.SEND_TO_NEIGHBOUR, () -> {
            startStable();
            int[] pair = pair(true).orElseThrow(() -> new AssertionError("no two nodes are neighbours"));
            exchange(pair[0], pair[1], 20);
        });
    }

    @Test
    void sendToANonNeighbour() {
        honour(Case.SEND_TO_NON_NEIGHBOUR, () -> {
            startStable();
            Optional<int[]> pair = pair(false);
            Assumptions.assumeTrue(pair.isPresent(), "not applicable: every node is a neighbour of every other");
            exchange(pair.get()[0], pair.get()[1], 10);
        });
    }

    @Test
    void parallelChannelKeepsPerKeyOrder() {
        honour(Case.PARALLEL_LANES, () -> {
            startStable();
            int[] pair = pair(true).orElseThrow(() -> new AssertionError("no two nodes are neighbours"));
            RhizomeNode a = node(pair[0]);
            RhizomeNode b = node(pair[1]);
            awaitUntil("a lane per unit of parallelism, both ways", () ->
                    a.connectionCount(b.self(), BULK) == BULK_LANES && b.connectionCount(a.self(), BULK) == BULK_LANES);
            int keys = 8;
            int perKey = 200;
            Map<Long, List<Integer>> arrived = new HashMap<>();
            for (long key = 0; key < keys; key++) {
                arrived.put(key, new CopyOnWriteArrayList<>());
            }
            b.onReceive(BULK, message -> {
                ByteBuffer payload = ByteBuffer.wrap(message.bytes());
                arrived.get(payload.getLong()).add(payload.getInt());
            });
            List<java.util.concurrent.CompletableFuture<Void>> sends = new ArrayList<>();
            for (int seq = 0; seq < perKey; seq++) {
                for (long key = 0; key < keys; key++) {
                    byte[] payload = ByteBuffer.allocate(12).putLong(key).putInt(seq).array();
                    sends.add(a.send(b.self(), BULK, key, payload).toCompletableFuture());
                }
            }
            sends.forEach(java.util.concurrent.CompletableFuture::join);
            awaitUntil("every keyed message arrives", () -> arrived.values().stream().mapToInt(List::size).sum() == keys * perKey);
            List<Integer> expected = java.util.stream.IntStream.range(0, perKey).boxed().toList();
            arrived.forEach((key, seqs) -> assertEquals(expected, seqs, "key " + key + " arrives in the order sent"));
        });
    }

    @Test
    void crashedNodeReportedDown() {
        honour(Case.CRASH_DETECTED, () -> {
            startStable();
            int x = expendable();
            String name = name(x);
            Map<Integer, EventLog> downs = onEveryOther(x, (node, log) -> node.onNodeDown(name, log));
            Set<Integer> holders = holdersOf(name);
            NodeId victim = node(x).self();
            cluster.crash(x);
            for (int i : holders) {
                awaitUntil(name(i) + " reports the crashed " + name + " down", () -> downs.get(i).saw(victim));
                String reason = downs.get(i).about(name).get(0).reason();
                assertNotEquals("left", reason, "a crash is not a graceful leave");
            }
            awaitStable();
        });
    }

    @Test
    void partitionCutsTrafficAndHealRestoresIt() {
        honour(Case.PARTITION_TRAFFIC, () -> {
            startStable();
            int[] pair = crossPair().orElseThrow(() -> new AssertionError("no neighbours across the cut"));
            List<String> received = new CopyOnWriteArrayList<>();
            RhizomeNode right = node(pair[1]);
            right.onReceive(CHAT, message -> received.add(new String(message.bytes(), UTF_8)));
            NodeId rightId = right.self();
            List<Fault> partition = partition();
            for (int n = 0; n < 5; n++) {
                node(pair[0]).send(rightId, CHAT, ("cut-" + n).getBytes(UTF_8));
            }
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).pollInterval(POLL)
                    .until(received::isEmpty);
            partition.forEach(Fault::remove);
            awaitStable();
            int[] healed = crossPair().orElseThrow(() -> new AssertionError("no neighbours across the healed cut"));
            exchange(healed[0], healed[1], 5);
        });
    }

    @Test
    void partitionReportedDownAndHealedUp() {
        honour(Case.PARTITION_DETECTED, () -> {
            startStable();
            int half = clusterSize() / 2;
            Map<Integer, EventLog> downs = onEveryOther(-1, (node, log) -> node.onNodeDown(log));
            Map<Integer, EventLog> ups = onEveryOther(-1, (node, log) -> node.onNodeUp(log));
            List<Fault> partition = partition();
            awaitUntil("each side drops the other from its members", () -> cluster.running().stream()
                    .allMatch(i -> cluster.memberNames(i).stream().allMatch(m -> side(m) == (i < half))));
            for (int i : cluster.running()) {
                assertTrue(downs.get(i).events().stream().anyMatch(e -> side(e.node().name()) != (i < half)),
                        name(i) + " reported a node across the cut down: " + downs.get(i));
            }
            int upsBefore = ups.values().stream().mapToInt(l -> l.events().size()).sum();
            partition.forEach(Fault::remove);
            awaitStable();
            assertTrue(ups.values().stream().mapToInt(l -> l.events().size()).sum() > upsBefore,
                    "healing brought nodes back up");
        });
    }

    // ---- the not-honoured mechanism -----------------------------------------------------------------

    /** The body of one case: assertions and bounded waits. */
    @FunctionalInterface
    protected interface CaseBody {
        void run() throws Exception;
    }

    private void honour(Case which, CaseBody body) {
        String reason = notHonoured().get(which);
        cluster = new ConformanceCluster(topology(), ClusterPlan.allocate(clusterSize()), this::configure);
        if (reason == null) {
            patience = PATIENCE;
            run(body);
            return;
        }
        patience = PATIENCE_WHEN_NOT_HONOURED;
        try {
            run(body);
        } catch (AssertionError | ConditionTimeoutException e) {
            Assumptions.abort(reason + " [observed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "]");
        }
        fail(topology() + " is declared not to honour '" + which.label() + "' (" + reason
                + ") but passed: update notHonoured() and docs/topologies.md");
    }

    private static void run(CaseBody body) {
        try {
            body.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private RhizomeNode node(int index) {
        return cluster.node(index);
    }

    private String name(int index) {
        return cluster.plan().name(index);
    }

    /** Whether the node called {@code name} is on the left side of {@link #partition()}. */
    private boolean side(String name) {
        return cluster.plan().names().indexOf(name) < clusterSize() / 2;
    }

    private void startStable() {
        cluster.startAll();
        awaitStable();
    }

    private void awaitUntil(String what, BooleanSupplier condition) {
        await(what).atMost(patience).pollInterval(POLL).until(condition::getAsBoolean);
    }

    /** {@link #awaitUntil}, failing with what {@code seen} recorded. */
    private void awaitUntil(String what, BooleanSupplier condition, EventLog seen) {
        try {
            awaitUntil(what, condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + patience + ": " + what + "; events seen: " + seen, e);
        }
    }

    /** Waits until members and neighbours are as the topology promises; fails with every node's view. */
    protected final void awaitStable() {
        try {
            await("a stable overlay").atMost(patience).pollInterval(POLL).until(this::stable);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the overlay did not settle within " + patience + ": " + describe(), e);
        }
    }

    private boolean stable() {
        Set<String> running = cluster.runningNames();
        for (int i : cluster.running()) {
            Set<String> members = cluster.memberNames(i);
            if (membersAreGlobal() ? !members.equals(running) : !running.containsAll(members)) {
                return false;
            }
        }
        return (membersAreGlobal() || viewsSymmetricAndConnected()) && neighboursAsDesigned(cluster);
    }

    private boolean viewsSymmetricAndConnected() {
        List<Integer> running = cluster.running();
        for (int i : running) {
            for (String peer : cluster.memberNames(i)) {
                int j = cluster.plan().names().indexOf(peer);
                if (!cluster.memberNames(j).contains(name(i))) {
                    return false;
                }
            }
        }
        Set<Integer> seen = new TreeSet<>();
        ArrayDeque<Integer> frontier = new ArrayDeque<>(List.of(running.get(0)));
        while (!frontier.isEmpty()) {
            int next = frontier.poll();
            if (seen.add(next)) {
                cluster.memberNames(next).forEach(m -> frontier.add(cluster.plan().names().indexOf(m)));
            }
        }
        return seen.containsAll(running);
    }

    private String describe() {
        return cluster.running().stream().map(i -> name(i) + ": members " + cluster.memberNames(i)
                        + ", neighbours " + cluster.neighbours(i, CHAT).stream().map(this::name).toList())
                .collect(Collectors.joining("; "));
    }

    /** The running nodes whose members include the node called {@code name} (itself excluded). */
    private Set<Integer> holdersOf(String name) {
        Set<Integer> out = new TreeSet<>();
        for (int i : cluster.running()) {
            if (!name(i).equals(name) && cluster.memberNames(i).contains(name)) {
                out.add(i);
            }
        }
        return out;
    }

    /** Registers one fresh {@link EventLog} on every running node except {@code except}. */
    private Map<Integer, EventLog> onEveryOther(int except, java.util.function.BiConsumer<RhizomeNode, EventLog> register) {
        Map<Integer, EventLog> logs = new HashMap<>();
        for (int i : cluster.running()) {
            if (i != except) {
                EventLog log = new EventLog();
                register.accept(node(i), log);
                logs.put(i, log);
            }
        }
        return logs;
    }

    /** Two running nodes, the second a neighbour of the first ({@code neighbours}) or not. */
    private Optional<int[]> pair(boolean neighbours) {
        for (int a : cluster.running()) {
            Set<Integer> near = cluster.neighbours(a, CHAT);
            for (int b : cluster.running()) {
                if (b != a && near.contains(b) == neighbours) {
                    return Optional.of(new int[] {a, b});
                }
            }
        }
        return Optional.empty();
    }

    /** Neighbours on opposite sides of the cut {@link #partition()} makes. */
    private Optional<int[]> crossPair() {
        int half = clusterSize() / 2;
        for (int a : cluster.running()) {
            for (int b : cluster.neighbours(a, CHAT)) {
                if (a < half && b >= half) {
                    return Optional.of(new int[] {a, b});
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Cuts the cluster in two halves (lower indices | higher) through each node's fault injector: every
     * message across the cut is dropped, on every channel, connections staying up.
     */
    private List<Fault> partition() {
        int half = clusterSize() / 2;
        List<NodeId> left = new ArrayList<>();
        List<NodeId> right = new ArrayList<>();
        for (int i : cluster.running()) {
            (i < half ? left : right).add(node(i).self());
        }
        List<Fault> faults = new ArrayList<>();
        for (int i : cluster.running()) {
            faults.add(node(i).faults().isolate(i < half ? right : left));
        }
        return faults;
    }

    /**
     * {@code from} sends {@code count} messages on the chat channel to {@code to}, which answers each
     * one to its sender; every message arrives from {@code from}, every answer comes back, in order.
     */
    private void exchange(int from, int to, int count) {
        RhizomeNode a = node(from);
        RhizomeNode b = node(to);
        List<String> atB = new CopyOnWriteArrayList<>();
        List<String> atA = new CopyOnWriteArrayList<>();
        b.onReceive(CHAT, message -> {
            atB.add(message.from().name() + ":" + text(message));
            b.send(message.from(), CHAT, ("re-" + text(message)).getBytes(UTF_8));
        });
        a.onReceive(CHAT, message -> atA.add(message.from().name() + ":" + text(message)));
        for (int n = 0; n < count; n++) {
            try {
                a.send(b.self(), CHAT, ("m" + n).getBytes(UTF_8)).toCompletableFuture().join();
            } catch (java.util.concurrent.CompletionException e) {
                throw new AssertionError(name(from) + " could not send to " + name(to) + ": " + e.getCause(), e);
            }
        }
        List<String> sent = new ArrayList<>();
        List<String> answered = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            sent.add(name(from) + ":m" + n);
            answered.add(name(to) + ":re-m" + n);
        }
        awaitUntil(count + " messages from " + name(from) + " at " + name(to) + " and the answers back",
                () -> atB.size() >= count && atA.size() >= count);
        assertEquals(sent, atB, "what " + name(to) + " received");
        assertEquals(answered, atA, "what " + name(from) + " received back");
    }

    private static String text(Delivery message) {
        return new String(message.bytes(), UTF_8);
    }
}
