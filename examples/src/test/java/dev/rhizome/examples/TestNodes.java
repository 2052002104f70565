package dev.rhizome.examples;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Nodes of one test, each in its own JVM ({@link NodeProcess}), with Netty's leak detector at
 * PARANOID. Waits go through Awaitility and fail with the node's last output. {@link #close()}
 * stops every node (SIGKILL after 10 s).
 */
final class TestNodes implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path logDir;
    private final List<NodeProcess> started = new ArrayList<>();

    TestNodes(String testName) {
        this.logDir = Path.of("target", "node-logs", testName + "-" + System.currentTimeMillis());
    }

    NodeProcess start(String name, String... nodeArgs) {
        try {
            NodeProcess node = NodeProcess.start(name, List.of(nodeArgs), Jvm.classPath(),
                    List.of("-Dio.netty.leakDetection.level=paranoid", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info"),
                    logDir);
            started.add(node);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for an {@code EVENT kind ...} line at {@code from} or later whose fields match; returns its fields. */
    static String[] awaitEvent(NodeProcess node, int from, String kind, Predicate<String[]> matches, String what) {
        try {
            return await(node.name() + ": " + what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                    .until(() -> node.findEvent(from, kind, matches), Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + node.describe(), e);
        }
    }

    /** Sends a command and waits for its reply line (starting with {@code replyPrefix}); fails on {@code ERROR}. */
    static String ask(NodeProcess node, String command, String replyPrefix) {
        int from = node.mark();
        node.command(command);
        String reply;
        try {
            reply = await(node.name() + ": reply to '" + command + "'").atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                    .until(() -> node.find(from, l -> l.startsWith(replyPrefix) || l.startsWith("ERROR")), Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + node.describe(), e);
        }
        if (reply.startsWith("ERROR")) {
            throw new AssertionError(node.name() + ": '" + command + "' failed: " + reply);
        }
        return reply;
    }

    /** The {@code STATS} lines a {@code stats} command answers, until {@code STATS END}. */
    static List<String> stats(NodeProcess node) {
        int from = node.mark();
        ask(node, "stats", "STATS END");
        return node.lines().subList(from, node.mark()).stream()
                .filter(l -> l.startsWith("STATS ") && !l.equals("STATS END")).toList();
    }

    /** Lines of every node log that report a buffer leak. */
    List<String> leaks() {
        List<String> leaks = new ArrayList<>();
        for (NodeProcess node : started) {
            try {
                Files.readAllLines(node.log(), StandardCharsets.UTF_8).stream()
                        .filter(l -> l.contains("LEAK:")).map(l -> node.name() + ": " + l).forEach(leaks::add);
            } catch (IOException e) {
                leaks.add(node.name() + ": log unreadable: " + e);
            }
        }
        return leaks;
    }

    @Override
    public void close() {
        for (NodeProcess node : started) {
            node.close();
        }
    }
}
