package dev.rhizome.channels.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The catalog keeps the metrics of peers in use and forgets those idle past the retention. */
class MetricsCatalogTest {

    private static final Duration RETENTION = Duration.ofSeconds(60);

    private final AtomicLong now = new AtomicLong();
    private final MetricRegistry registry = new MetricRegistry();
    private final MetricsCatalog catalog = new MetricsCatalog(registry, now::get);

    private boolean registered(String channel, String peer) {
        return registry.getNames().stream().anyMatch(n -> n.startsWith(ChannelMetrics.prefix(channel, peer)));
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aPairInUseIsKeptHoweverLong() {
        catalog.attach("default", "b").messagesOut.mark();
        advance(RETENTION.multipliedBy(10));
        assertEquals(0, catalog.sweep(RETENTION, Set.of()));
        assertTrue(registered("default", "b"));
    }

    @Test
    void aPairIdlePastTheRetentionIsRemovedWithEverythingUnderItsPrefix() {
        ChannelMetrics metrics = catalog.attach("default", "b");
        registry.counter(ChannelMetrics.name("default", "b", "relayed")).inc();
        catalog.detach("default", "b");
        advance(RETENTION.minusSeconds(1));
        assertEquals(0, catalog.sweep(RETENTION, Set.of()), "kept until the retention has passed");
        advance(Duration.ofSeconds(1));
        assertEquals(1, catalog.sweep(RETENTION, Set.of()));
        assertFalse(registered("default", "b"), "the relayed counter goes with the pair: " + registry.getNames());
        assertNotSame(metrics, catalog.of("default", "b"), "a later use starts afresh");
    }

    @Test
    void theRetentionRunsFromTheLastConnection() {
        catalog.attach("default", "b");
        catalog.attach("default", "b");
        catalog.detach("default", "b");
        advance(RETENTION.multipliedBy(2));
        assertEquals(0, catalog.sweep(RETENTION, Set.of()), "one lane is still up");
        catalog.detach("default", "b");
        advance(RETENTION.minusSeconds(1));
        assertEquals(0, catalog.sweep(RETENTION, Set.of()));
    }

    @Test
    void keptPeersAndUnauthenticatedConnectionsStay() {
        catalog.of("default", "reconnecting").reconnects.inc();
        catalog.unauthenticated("default").handshakeFailures.inc();
        catalog.of("default", "gone").failedSends.inc();
        advance(RETENTION);
        assertEquals(1, catalog.sweep(RETENTION, Set.of("reconnecting")));
        assertTrue(registered("default", "reconnecting"));
        assertTrue(registered("default", ChannelMetrics.UNAUTHENTICATED));
        assertFalse(registered("default", "gone"));
    }

    @Test
    void samePeerOnAnotherChannelIsItsOwnPair() {
        ChannelMetrics control = catalog.attach("rhizome.control", "b");
        catalog.attach("default", "b");
        catalog.detach("default", "b");
        advance(RETENTION);
        assertEquals(1, catalog.sweep(RETENTION, Set.of()));
        assertSame(control, catalog.of("rhizome.control", "b"));
        assertFalse(registered("default", "b"));
    }
}
