package dev.rhizome.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class EventQueueTest {

    private static final class Marker extends EventQueue.Event {
        @Override
        void run() {}
    }

    @Property(tries = 200, seed = "42")
    void pollsInTimeThenSchedulingOrder(@ForAll @Size(max = 300) List<@LongRange(min = 0, max = 20) Long> times) {
        EventQueue queue = new EventQueue();
        List<Marker> added = new ArrayList<>();
        for (long at : times) {
            Marker marker = new Marker();
            marker.at = at;
            queue.add(marker);
            added.add(marker);
        }
        List<EventQueue.Event> expected = new ArrayList<>(added);
        expected.sort(Comparator.comparingLong((EventQueue.Event e) -> e.at).thenComparingLong(e -> e.order));
        List<EventQueue.Event> polled = new ArrayList<>();
        while (!queue.isEmpty()) {
            polled.add(queue.poll());
        }
        assertEquals(expected, polled);
    }

    @Property(tries = 50, seed = "7")
    void backgroundEventsDoNotCountAsWork(@ForAll @Size(min = 1, max = 50) List<Boolean> background) {
        EventQueue queue = new EventQueue();
        for (boolean quiet : background) {
            Marker marker = new Marker();
            marker.background = quiet;
            queue.add(marker);
        }
        assertEquals(background.contains(false), queue.hasForeground());
        while (!queue.isEmpty()) {
            queue.poll();
        }
        assertEquals(false, queue.hasForeground());
    }
}
