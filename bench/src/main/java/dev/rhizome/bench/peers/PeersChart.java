package dev.rhizome.bench.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An SVG chart of a {@code bench peers} result: four panels of horizontal bars, one bar per system
 * (W1 throughput, W2 pinned p50, W2 unpinned p99, W3 ping p99 during the 8 MiB stream).
 */
final class PeersChart {

    private static final int WIDTH = 900;
    private static final int PANEL_HEIGHT = 150;
    private static final int BAR = 20;
    private static final int LABEL = 130;
    private static final String[] COLORS = {"#2e7d32", "#607d8b", "#8e24aa", "#ef6c00", "#f9a825"};

    private PeersChart() {}

    private record Panel(String title, String key, String unit, double scale, boolean lowerIsBetter) {}

    static String svg(Map<String, Object> result) {
        List<Panel> panels = List.of(
                new Panel("W1: 100-byte one-way throughput (msgs/s, higher is better)", "msgsPerSec", "k msgs/s", 1e-3, false),
                new Panel("W2: request-reply p50, both processes pinned to one CPU (µs, lower is better)", "pinnedP50Micros", "µs", 1, true),
                new Panel("W2: request-reply p99, unpinned (µs, lower is better)", "p99Micros", "µs", 1, true),
                new Panel("W3: 100-byte ping p99 while 8 MiB messages stream (ms, lower is better)", "holP99Micros", "ms", 1e-3, true));
        int height = 40 + panels.size() * PANEL_HEIGHT + 30;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        Map<?, ?> machine = (Map<?, ?>) result.get("machine");
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                escape("rhizome bench peers: two processes per system on 127.0.0.1, " + machine.get("nproc") + " CPUs, load "
                        + machine.get("loadAvgStart") + ", " + machine.get("date"))));
        int y = 40;
        for (Panel panel : panels) {
            s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>%n", y + 14, escape(panel.title())));
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (String system : PeersBench.SYSTEMS) {
                if (result.get(system) instanceof Map<?, ?> x && x.get(panel.key()) instanceof Number n) {
                    names.add(system);
                    values.add(n.doubleValue() * panel.scale());
                }
            }
            double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            int barY = y + 24;
            for (int i = 0; i < names.size(); i++) {
                double width = max <= 0 ? 0 : (WIDTH - LABEL - 120) * values.get(i) / max;
                String color = COLORS[PeersBench.SYSTEMS.indexOf(names.get(i)) % COLORS.length];
                s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", barY + 14, names.get(i)));
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n", LABEL, barY,
                        Math.max(1, width), BAR - 4, color));
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s %s</text>%n", LABEL + Math.max(1, width) + 6, barY + 13,
                        format(values.get(i)), panel.unit()));
                barY += BAR;
            }
            y += PANEL_HEIGHT;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String format(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
