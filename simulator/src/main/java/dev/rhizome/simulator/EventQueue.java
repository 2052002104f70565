package dev.rhizome.simulator;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pending events, ordered by time and, at equal times, by the order they were scheduled in, so a
 * run is reproducible. Events are kept in one FIFO bucket per distinct virtual millisecond: a simulated
 * network schedules most events a link latency ahead, so there are few distinct times and each add or
 * poll is a constant-time append or removal plus, rarely, a lookup among a handful of buckets.
 */
final class EventQueue {

    /** Something to run at a virtual time. */
    abstract static class Event {
        long at;
        long order;
        /** Background events (reconnect attempts) do not keep a run from being quiet. */
        boolean background;

        abstract void run();
    }

    /** The events of one millisecond, in scheduling order. */
    private static final class Bucket {
        Event[] events = new Event[16];
        int head;
        int tail;

        void add(Event event) {
            if (tail == events.length) {
                if (head > events.length / 2) {
                    System.arraycopy(events, head, events, 0, tail - head);
                    Arrays.fill(events, tail - head, tail, null);
                    tail -= head;
                    head = 0;
                } else {
                    events = Arrays.copyOf(events, events.length * 2);
                }
            }
            events[tail++] = event;
        }

        Event poll() {
            Event first = events[head];
            events[head++] = null;
            return first;
        }

        boolean isEmpty() {
            return head == tail;
        }
    }

    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
    private long lastAt = Long.MIN_VALUE;
    private Bucket lastBucket;
    private Bucket firstBucket;
    private long nextOrder;
    private int size;
    private int foreground;

    void add(Event event) {
        event.order = nextOrder++;
        Bucket bucket;
        if (event.at == lastAt && lastBucket != null) {
            bucket = lastBucket;
        } else {
            bucket = buckets.get(event.at);
            if (bucket == null) {
                bucket = new Bucket();
                buckets.put(event.at, bucket);
                firstBucket = null;
            }
            lastAt = event.at;
            lastBucket = bucket;
        }
        bucket.add(event);
        size++;
        if (!event.background) {
            foreground++;
        }
    }

    Event peek() {
        Bucket first = first();
        return first == null ? null : first.events[first.head];
    }

    Event poll() {
        Bucket first = first();
        if (first == null) {
            return null;
        }
        Event event = first.poll();
        if (first.isEmpty()) {
            buckets.remove(event.at);
            firstBucket = null;
            if (first == lastBucket) {
                lastBucket = null;
            }
        }
        size--;
        if (!event.background) {
            foreground--;
        }
        return event;
    }

    private Bucket first() {
        if (firstBucket == null) {
            Map.Entry<Long, Bucket> entry = buckets.firstEntry();
            firstBucket = entry == null ? null : entry.getValue();
        }
        return firstBucket;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** Whether any event other than a background one is pending. */
    boolean hasForeground() {
        return foreground > 0;
    }
}
