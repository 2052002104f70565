package dev.rhizome.membership.detector;

import org.apache.commons.collections4.queue.CircularFifoQueue;

/**
 * A bounded window of heartbeat inter-arrival times with running sums, so the mean and variance
 * are O(1) to read and to update. Oldest samples fall out once the window is full.
 */
final class HeartbeatHistory {

    private final CircularFifoQueue<Long> intervals;
    private double sum;
    private double sumOfSquares;

    HeartbeatHistory(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a heartbeat window needs at least 2 samples, not " + capacity);
        }
        this.intervals = new CircularFifoQueue<>(capacity);
    }

    /** Adds one inter-arrival time, evicting the oldest when the window is full. */
    void add(long intervalMillis) {
        if (intervals.isAtFullCapacity()) {
            long evicted = intervals.peek();
            sum -= evicted;
            sumOfSquares -= (double) evicted * evicted;
        }
        intervals.add(intervalMillis);
        sum += intervalMillis;
        sumOfSquares += (double) intervalMillis * intervalMillis;
    }

    int size() {
        return intervals.size();
    }

    double mean() {
        return intervals.isEmpty() ? 0.0 : sum / intervals.size();
    }

    /** The population variance; never negative (running sums can drift a hair below zero). */
    double variance() {
        if (intervals.isEmpty()) {
            return 0.0;
        }
        double mean = mean();
        return Math.max(0.0, sumOfSquares / intervals.size() - mean * mean);
    }

    double standardDeviation() {
        return Math.sqrt(variance());
    }
}
