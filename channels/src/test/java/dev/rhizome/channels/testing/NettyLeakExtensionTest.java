package dev.rhizome.channels.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Proves the leak extension's machinery on an isolated detector (its own sink), so that the
 * deliberate leak cannot fail the suite.
 */
class NettyLeakExtensionTest {

    /** A stand-in for a reference-counted resource. */
    static final class Probe {
    }

    @Test
    void recordsALeakedResourceAndFailsTheCheck() {
        List<String> sink = new CopyOnWriteArrayList<>();
        ResourceLeakDetector<Probe> detector = new NettyLeakExtension.RecordingDetector<>(Probe.class, 1, sink::add);
        ResourceLeakDetector.Level previous = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try {
            leakOne(detector);
            for (int round = 0; round < 20 && sink.isEmpty(); round++) {
                System.gc();
                Probe fresh = new Probe();
                ResourceLeakTracker<Probe> tracker = detector.track(fresh);
                tracker.close(fresh);
            }
        } finally {
            ResourceLeakDetector.setLevel(previous);
        }
        assertFalse(sink.isEmpty(), "the leaked probe was reported");
        assertTrue(sink.get(0).contains("Probe"), sink.get(0));
        assertThrows(AssertionError.class, () -> NettyLeakExtension.verify(sink));
    }

    @Test
    void aReleasedResourceIsNotALeak() {
        List<String> sink = new CopyOnWriteArrayList<>();
        ResourceLeakDetector<Probe> detector = new NettyLeakExtension.RecordingDetector<>(Probe.class, 1, sink::add);
        for (int round = 0; round < 5; round++) {
            Probe probe = new Probe();
            ResourceLeakTracker<Probe> tracker = detector.track(probe);
            tracker.close(probe);
            System.gc();
        }
        Probe last = new Probe();
        detector.track(last).close(last);
        assertTrue(sink.isEmpty(), sink.toString());
        NettyLeakExtension.verify(sink);
    }

    @Test
    void theByteBufDetectorIsARecordingDetector() throws Exception {
        java.lang.reflect.Field field = io.netty.buffer.AbstractByteBuf.class.getDeclaredField("leakDetector");
        field.setAccessible(true);
        assertTrue(field.get(null) instanceof NettyLeakExtension.RecordingDetector<?>,
                "installed before the first buffer: " + field.get(null));
    }

    private static void leakOne(ResourceLeakDetector<Probe> detector) {
        ResourceLeakTracker<Probe> tracker = detector.track(new Probe());
        tracker.record("deliberately never closed");
    }
}
