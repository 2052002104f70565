package dev.rhizome.bench.peers;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human-readable report of {@code bench peers}: one row per system, then the goals. */
final class PeersTable {

    private PeersTable() {}

    /** The per-system table in Markdown, as docs/performance.md and bench/RESULTS.md show it. */
    static String markdown(Map<String, Object> r) {
        StringBuilder s = new StringBuilder();
        s.append("| system | W1 msgs/s (window 3,000) | lost | lost at window 10,000 | W1 msgs/s after the short warm-up"
                + " | W2 p50 / p99 / p99.9 µs, unpinned | W2 p50 / p99 µs, pinned | W3 ping p50 / p99 ms during 8 MiB stream"
                + " | W3 bulk MiB/s |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String system : PeersBench.SYSTEMS) {
            if (!(r.get(system) instanceof Map<?, ?> x)) {
                continue;
            }
            if (!Boolean.TRUE.equals(x.get("available"))) {
                s.append("| ").append(system).append(" | unavailable: ")
                        .append(x.get("reason") != null ? x.get("reason") : x.get("error")).append(" |||||||| \n");
                continue;
            }
            Map<?, ?> sw = (Map<?, ?>) x.get("shortWarmup");
            s.append(String.format(Locale.ROOT, "| %s | %,d | %s | %,d | %,d | %s / %s / %s | %s | %.1f / %.1f | %s |%n", system,
                    x.get("msgsPerSec"), x.get("loss"), x.get("lossBigWindow"), sw.get("msgsPerSec"), x.get("p50Micros"),
                    x.get("p99Micros"), x.get("p999Micros"),
                    x.containsKey("pinnedP50Micros") ? x.get("pinnedP50Micros") + " / " + x.get("pinnedP99Micros") : "-",
                    ((Number) x.get("holP50Micros")).doubleValue() / 1000, ((Number) x.get("holP99Micros")).doubleValue() / 1000,
                    x.get("bulkMiBPerSec")));
        }
        return s.toString();
    }

    static String text(Map<String, Object> r) {
        StringBuilder s = new StringBuilder();
        Map<?, ?> m = (Map<?, ?>) r.get("machine");
        Map<?, ?> set = (Map<?, ?>) r.get("settings");
        s.append("Rhizome beside its peers  (").append(m.get("date")).append(")\n");
        s.append(String.format(Locale.ROOT, "machine   %s CPUs, %s; JDK %s; load %s at start, %s at end%n", m.get("nproc"),
                m.get("cpuModel"), m.get("jdk"), m.get("loadAvgStart"), m.get("loadAvgEnd")));
        s.append(String.format(Locale.ROOT, "settings  2 processes per system on 127.0.0.1; warm-up %s s short / %s s long; W1/W2 rounds %s s;"
                        + " W1 window %s (ack every %s), loss check at %s; W3 %s s, ping every 10 ms, %s x 8 MiB in flight%s%n",
                set.get("shortWarmupSec"), set.get("longWarmupSec"), set.get("roundSec"), set.get("window"), set.get("ackEvery"),
                set.get("bigWindow"), set.get("holSec"), set.get("bulkInFlight"), Boolean.TRUE.equals(set.get("quick")) ? " (--quick)" : ""));
        s.append('\n');
        s.append(String.format(Locale.ROOT, "%-15s %11s %6s %9s | %11s %6s | %21s | %17s | %19s %9s%n", "", "W1 msgs/s", "lost",
                "lost@10k", "short-warm", "", "W2 p50/p99/p99.9 us", "W2 pinned p50/p99", "W3 ping p50/p99 us", "bulk"));
        s.append(String.format(Locale.ROOT, "%-15s %11s %6s %9s | %11s %6s | %21s | %17s | %19s %9s%n", "", "", "", "",
                "msgs/s", "p50 us", "unpinned", "us", "during 8 MiB", "MiB/s"));
        for (String system : PeersBench.SYSTEMS) {
            if (!(r.get(system) instanceof Map<?, ?> x)) {
                continue;
            }
            if (!Boolean.TRUE.equals(x.get("available"))) {
                s.append(String.format(Locale.ROOT, "%-15s unavailable: %s%n", system,
                        x.get("reason") != null ? x.get("reason") : x.get("error")));
                continue;
            }
            Map<?, ?> sw = (Map<?, ?>) x.get("shortWarmup");
            s.append(String.format(Locale.ROOT, "%-15s %,11d %6s %9s | %,11d %6.1f | %21s | %17s | %19s %9.1f%n", system,
                    x.get("msgsPerSec"), x.get("loss"), x.get("lossBigWindow"), sw.get("msgsPerSec"), sw.get("p50Micros"),
                    x.get("p50Micros") + "/" + x.get("p99Micros") + "/" + x.get("p999Micros"),
                    x.containsKey("pinnedP50Micros") ? x.get("pinnedP50Micros") + "/" + x.get("pinnedP99Micros") : "-",
                    x.get("holP50Micros") + "/" + x.get("holP99Micros"), x.get("bulkMiBPerSec")));
        }
        s.append('\n');
        for (String key : List.of("rhizomeVsNettyThroughput", "rhizomeVsPekkoThroughput", "rhizomeVsErlangThroughput",
                "rhizomeVsNettyPinnedP50", "rhizomeVsErlangHolP99", "rhizomeVsPekkoHolP99")) {
            s.append(String.format(Locale.ROOT, "%-28s %s%n", key, r.get(key)));
        }
        s.append("goals ").append(r.get("goals")).append('\n');
        return s.toString();
    }
}
