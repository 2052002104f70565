package dev.rhizome.hyparview.sim;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A snapshot of the active-view graph of the live nodes, as index arrays, and the paper's graph
 * measures over it. Node {@code i}'s out-edges are its active view; with symmetric views in-degree
 * equals out-degree.
 */
public final class OverlayGraph {

    private final int[][] out;

    /** @param out for each node, the indices of its active view (dead peers already left out) */
    public OverlayGraph(int[][] out) {
        this.out = out;
    }

    public int size() {
        return out.length;
    }

    /** How many directed edges (p, q) have no (q, p). */
    public int asymmetricEdges() {
        int count = 0;
        for (int p = 0; p < out.length; p++) {
            for (int q : out[p]) {
                if (!contains(out[q], p)) {
                    count++;
                }
            }
        }
        return count;
    }

    /** {@code histogram[d]} = nodes with in-degree {@code d}. */
    public int[] inDegreeHistogram() {
        int[] in = new int[out.length];
        for (int[] edges : out) {
            for (int q : edges) {
                in[q]++;
            }
        }
        int max = Arrays.stream(in).max().orElse(0);
        int[] histogram = new int[max + 1];
        for (int degree : in) {
            histogram[degree]++;
        }
        return histogram;
    }

    /** {@code histogram[d]} = nodes whose active view holds {@code d} live peers. */
    public int[] outDegreeHistogram() {
        int max = Arrays.stream(out).mapToInt(edges -> edges.length).max().orElse(0);
        int[] histogram = new int[max + 1];
        for (int[] edges : out) {
            histogram[edges.length]++;
        }
        return histogram;
    }

    /** How many nodes a flood from {@code source} reaches over out-edges, itself included. */
    public int reachableFrom(int source) {
        if (out.length == 0) {
            return 0;
        }
        int[] distance = bfs(source);
        int reached = 0;
        for (int d : distance) {
            if (d >= 0) {
                reached++;
            }
        }
        return reached;
    }

    /** The sizes of the connected components (over out-edges, which are symmetric), largest first. */
    public int[] componentSizes() {
        int[] component = new int[out.length];
        Arrays.fill(component, -1);
        int[] queue = new int[out.length];
        List<Integer> sizes = new java.util.ArrayList<>();
        for (int start = 0; start < out.length; start++) {
            if (component[start] >= 0) {
                continue;
            }
            int id = sizes.size();
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            component[start] = id;
            while (head < tail) {
                int node = queue[head++];
                for (int next : out[node]) {
                    if (component[next] < 0) {
                        component[next] = id;
                        queue[tail++] = next;
                    }
                }
            }
            sizes.add(tail);
        }
        return sizes.stream().sorted(java.util.Comparator.reverseOrder()).mapToInt(Integer::intValue).toArray();
    }

    /** Whether every node reaches every other (checked from node 0 forward and, by symmetry, back). */
    public boolean isConnected() {
        return out.length == 0 || (reachableFrom(0) == out.length && asymmetricEdges() == 0);
    }

    /**
     * The average clustering coefficient over the undirected view of the graph: for each node, the share
     * of pairs of its neighbours that are neighbours themselves (0 for nodes with fewer than two).
     */
    public double clusteringCoefficient() {
        if (out.length == 0) {
            return 0;
        }
        double sum = 0;
        for (int[] neighbours : out) {
            int k = neighbours.length;
            if (k < 2) {
                continue;
            }
            int links = 0;
            for (int i = 0; i < k; i++) {
                for (int j = i + 1; j < k; j++) {
                    if (contains(out[neighbours[i]], neighbours[j]) || contains(out[neighbours[j]], neighbours[i])) {
                        links++;
                    }
                }
            }
            sum += (double) links / (k * (k - 1) / 2.0);
        }
        return sum / out.length;
    }

    /**
     * Shortest-path statistics from {@code sources} BFS roots (all nodes if at least {@link #size()}),
     * chosen by {@code random}: the mean over reachable pairs, and the mean and max eccentricity.
     */
    public PathStats pathStats(int sources, SplittableRandom random) {
        int n = out.length;
        int[] roots;
        if (sources >= n) {
            roots = new int[n];
            Arrays.setAll(roots, i -> i);
        } else {
            roots = random.ints(0, n).distinct().limit(sources).toArray();
        }
        long totalDistance = 0;
        long pairs = 0;
        long eccentricitySum = 0;
        int eccentricityMax = 0;
        for (int root : roots) {
            int eccentricity = 0;
            for (int d : bfs(root)) {
                if (d > 0) {
                    totalDistance += d;
                    pairs++;
                    eccentricity = Math.max(eccentricity, d);
                }
            }
            eccentricitySum += eccentricity;
            eccentricityMax = Math.max(eccentricityMax, eccentricity);
        }
        return new PathStats(pairs == 0 ? 0 : (double) totalDistance / pairs,
                roots.length == 0 ? 0 : (double) eccentricitySum / roots.length, eccentricityMax);
    }

    /**
     * @param averageShortestPath mean hop distance over reachable ordered pairs
     * @param meanEccentricity    mean over roots of the farthest reachable node's distance
     * @param maxEccentricity     the largest of those
     */
    public record PathStats(double averageShortestPath, double meanEccentricity, int maxEccentricity) {}

    private int[] bfs(int source) {
        int[] distance = new int[out.length];
        Arrays.fill(distance, -1);
        distance[source] = 0;
        int[] queue = new int[out.length];
        int head = 0;
        int tail = 0;
        queue[tail++] = source;
        while (head < tail) {
            int node = queue[head++];
            for (int next : out[node]) {
                if (distance[next] < 0) {
                    distance[next] = distance[node] + 1;
                    queue[tail++] = next;
                }
            }
        }
        return distance;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /** Builds a graph from per-node neighbour lists given as indices. */
    public static OverlayGraph of(List<int[]> out) {
        return new OverlayGraph(out.toArray(int[][]::new));
    }
}
