package dev.rhizome.channels.reliable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The receiver's de-duplication window, on its own. */
class DedupWindowTest {

    @Test
    void firstTimeOnlyInAnyOrderWithinTheWindow() {
        DedupWindow window = new DedupWindow(64);
        assertTrue(window.firstTime(2));
        assertTrue(window.firstTime(1));
        assertFalse(window.firstTime(2));
        assertFalse(window.firstTime(1));
        assertEquals(2, window.floor());
        assertTrue(window.firstTime(10));
        assertFalse(window.firstTime(10));
        assertEquals(2, window.floor());
    }

    @Test
    void shuffledDuplicatedStreamIsDeliveredExactlyOnce() {
        Random random = new Random(7);
        List<Long> stream = new ArrayList<>();
        for (long base = 1; base <= 10_000; base += 32) {
            List<Long> burst = new ArrayList<>();
            for (long s = base; s < base + 32; s++) {
                burst.add(s);
                if (random.nextInt(4) == 0) {
                    burst.add(s);
                }
            }
            Collections.shuffle(burst, random);
            stream.addAll(burst);
        }
        DedupWindow window = new DedupWindow(128);
        Set<Long> delivered = new HashSet<>();
        for (long s : stream) {
            if (window.firstTime(s)) {
                assertTrue(delivered.add(s), "delivered twice: " + s);
            }
        }
        assertEquals(10_016, delivered.size());
        assertEquals(10_016, window.floor());
    }

    @Test
    void randomArrivalsWithinTheSenderSpanAreDeliveredExactlyOnce() {
        Random random = new Random(11);
        int span = 4096;
        DedupWindow window = new DedupWindow(2 * span + 1);
        Set<Long> delivered = new HashSet<>();
        List<Long> pending = new ArrayList<>();
        long next = 1;
        for (int step = 0; step < 200_000; step++) {
            long oldest = pending.isEmpty() ? next : Collections.min(pending.subList(0, Math.min(pending.size(), 64)));
            while (next - oldest < span && pending.size() < span) {
                pending.add(next++);
            }
            long seq = pending.get(random.nextInt(Math.min(pending.size(), 64)));
            boolean first = window.firstTime(seq);
            assertEquals(!delivered.contains(seq), first, "seq " + seq + " at floor " + window.floor());
            delivered.add(seq);
            if (random.nextInt(3) > 0) {
                pending.remove(seq);
            }
        }
    }

    @Test
    void aNumberFarAheadSlidesTheWindowAndOldOnesCountAsSeen() {
        DedupWindow window = new DedupWindow(8);
        assertTrue(window.firstTime(100));
        assertFalse(window.firstTime(50), "below the window: treated as already delivered");
        assertTrue(window.firstTime(99));
    }
}
