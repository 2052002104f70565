package dev.rhizome.membership.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The names and ports of a test cluster, fixed before any node starts, so a topology that is configured
 * with addresses (static peers, client-server servers) can name every node up front, and a restarted
 * node comes back at the same address.
 *
 * @param names the node names, {@code n0, n1, ...}
 * @param ports their ports on 127.0.0.1, free when the plan was made
 */
public record ClusterPlan(List<String> names, List<Integer> ports) {

    /** The host every node of the suite binds to. */
    public static final String HOST = "127.0.0.1";

    public ClusterPlan {
        names = List.copyOf(names);
        ports = List.copyOf(ports);
    }

    /** {@code size} nodes named {@code n0..} on ports the kernel reports free now. */
    public static ClusterPlan allocate(int size) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getByName(HOST)));
            }
            return new ClusterPlan(IntStream.range(0, size).mapToObj(i -> "n" + i).toList(),
                    held.stream().map(ServerSocket::getLocalPort).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
    }

    public int size() {
        return names.size();
    }

    public String name(int index) {
        return names.get(index);
    }

    public int port(int index) {
        return ports.get(index);
    }

    /** {@code 127.0.0.1:port} of node {@code index}, the form seeds take. */
    public String hostPort(int index) {
        return HOST + ":" + port(index);
    }

    /** {@code name@127.0.0.1:port} of node {@code index}, the form static peers and client-server servers take. */
    public String peer(int index) {
        return name(index) + "@" + hostPort(index);
    }

    /** {@link #peer} of each index, comma-separated. */
    public String peers(int... indices) {
        return String.join(",", IntStream.of(indices).mapToObj(this::peer).toList());
    }
}
