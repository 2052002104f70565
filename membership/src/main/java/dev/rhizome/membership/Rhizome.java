package dev.rhizome.membership;

import dev.rhizome.overlay.Overlay;
import dev.rhizome.overlay.config.OverlayConfig;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts Rhizome nodes.
 *
 * <pre>{@code
 * OverlayConfig config = OverlayConfig.builder("node-1").port(7100).seeds("127.0.0.1:7101").build();
 * try (Overlay node = Rhizome.start(config)) {
 *     node.onReceive("default", m -> System.out.println(new String(m.bytes())));
 * }
 * }</pre>
 */
public final class Rhizome {

    private static final AtomicLong LAST_INCARNATION = new AtomicLong();

    private Rhizome() {}

    /**
     * Starts a node: binds its port, starts its topology protocol, registers its MBeans, and joins the
     * configured seeds in the background.
     *
     * @throws dev.rhizome.overlay.config.ConfigException naming the setting when the port is in use,
     *         the JMX port cannot be bound, or another setting is unusable
     */
    public static Overlay start(OverlayConfig config) {
        return RhizomeNode.start(config, nextIncarnation());
    }

    /**
     * A new incarnation: microseconds since the epoch plus a random tail, strictly increasing within
     * this JVM, so a restarted node always has a larger incarnation than its predecessor.
     */
    static long nextIncarnation() {
        long candidate = System.currentTimeMillis() * 1000 + ThreadLocalRandom.current().nextInt(1000);
        return LAST_INCARNATION.accumulateAndGet(candidate, (last, next) -> Math.max(last + 1, next));
    }
}
