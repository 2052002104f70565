package dev.rhizome.membership.detector;

/**
 * A bounded window of heartbeat inter-arrival times with running sums, so the mean and variance
 * are O(1) to read and to update. Oldest samples fall out once the window is full.
 */
final class HeartbeatHistory {

    private final long[] intervals;
    private int start;
    private int size;
    private double sum;
    private double sumOfSquares;

    HeartbeatHistory(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("a heartbeat window needs at least 2 samples, not " + capacity);
        }
        this.intervals = new long[capacity];
    }

    /** Adds one inter-arrival time, evicting the oldest when the window is full. */
    void add(long intervalMillis) {
        if (size == intervals.length) {
            long evicted = intervals[start];
            sum -= evicted;
            sumOfSquares -= (double) evicted * evicted;
            intervals[start] = intervalMillis;
            start = (start + 1) % intervals.length;
        } else {
            intervals[(start + size) % intervals.length] = intervalMillis;
            size++;
        }
        sum += intervalMillis;
        sumOfSquares += (double) intervalMillis * intervalMillis;
    }

    int size() {
        return size;
    }

    double mean() {
        return size == 0 ? 0.0 : sum / size;
    }

    /** The population variance; never negative (running sums can drift a hair below zero). */
    double variance() {
        if (size == 0) {
            return 0.0;
        }
        double mean = mean();
        return Math.max(0.0, sumOfSquares / size - mean * mean);
    }

    double standardDeviation() {
        return Math.sqrt(variance());
    }
}
