package dev.rhizome.examples;

import static dev.rhizome.examples.TestNodes.ask;
import static dev.rhizome.examples.TestNodes.awaitEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JMX client in a separate JVM ({@link JmxProbe}) reads a node's MBeans over the remote JMX
 * service URL. The node listens on 127.0.0.2, not the machine's default address: the connector's
 * stub must advertise 127.0.0.2 or the client cannot follow it (the classic JMX-over-RMI pitfall).
 */
class JmxRemoteTest {

    @Test
    void separateJvmReadsNodeMBeanAndChannelMetricsOverTheServiceUrl(@TempDir Path temp) throws Exception {
        int jmxPort = freePort("127.0.0.2");
        String cookie = UUID.randomUUID().toString();
        try (TestNodes nodes = new TestNodes("JmxRemoteTest")) {
            NodeProcess watched = nodes.start("watched", "--host", "127.0.0.2", "--port", "0", "--jmx-port",
                    Integer.toString(jmxPort), "--cookie", cookie, "--channels", "chat");
            String address = awaitEvent(watched, 0, "STARTED", f -> true, "EVENT STARTED")[3];
            String url = awaitEvent(watched, 0, "JMX", f -> true, "EVENT JMX")[2];
            assertEquals("service:jmx:rmi://127.0.0.2:" + jmxPort + "/jndi/rmi://127.0.0.2:" + jmxPort + "/jmxrmi", url);

            NodeProcess peer = nodes.start("peer", "--host", "127.0.0.1", "--port", "0", "--seeds", address,
                    "--cookie", cookie, "--channels", "chat");
            awaitEvent(watched, 0, "MEMBERS", f -> f[2].equals("peer,watched"), "a view of peer,watched");
            awaitEvent(peer, 0, "MEMBERS", f -> f[2].equals("peer,watched"), "a view of peer,watched");
            assertEquals("SENT peer chat ok=25 failed=0", ask(watched, "send peer chat 25 100", "SENT"));

            Map<String, String> probe = runProbe(temp, url, "watched", "chat", "peer");
            System.out.println("JmxProbe read over " + url + ": " + probe);
            assertEquals("watched", probe.get("Name"));
            assertEquals("fullmesh", probe.get("Topology"));
            assertEquals("peer,watched", probe.get("Members"));
            assertTrue(Integer.parseInt(probe.get("ActiveConnections")) >= 2,
                    "ActiveConnections (control and chat at least): " + probe.get("ActiveConnections"));
            assertEquals("25", probe.get("messages-out.Count"));
            assertTrue(Long.parseLong(probe.get("bytes-out.Count")) >= 25 * 100, "bytes-out: " + probe.get("bytes-out.Count"));
        }
    }

    /** Runs {@link JmxProbe} in its own JVM and returns its {@code PROBE key=value} lines. */
    private static Map<String, String> runProbe(Path temp, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Jvm.javaBinary(), "-XX:TieredStopAtLevel=1", "-cp", Jvm.classPath(),
                JmxProbe.class.getName()));
        command.addAll(List.of(args));
        Path output = temp.resolve("probe.out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue(exited, "JmxProbe did not finish within 60 s:\n" + text);
        assertEquals(0, process.exitValue(), "JmxProbe failed:\n" + text);
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("PROBE ")) {
                String pair = line.substring("PROBE ".length());
                values.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return values;
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }
}
