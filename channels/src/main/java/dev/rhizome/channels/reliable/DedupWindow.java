package dev.rhizome.channels.reliable;

import java.util.BitSet;

/**
 * Which sequence numbers (1, 2, 3, ...) of one sender have been delivered, in bounded memory: every
 * number up to {@code floor} has been seen, and a bit set covers the {@code size} numbers above it.
 * A number beyond the window moves the window forward and forgets the oldest gaps (the sender's
 * in-flight window keeps that from happening while it obeys its own window). Not thread-safe.
 */
public final class DedupWindow {

    private final int size;
    private final BitSet above;
    private long floor;

    /** @param size how many numbers above the floor are remembered */
    public DedupWindow(int size) {
        this.size = size;
        this.above = new BitSet(size);
    }

    /** Records {@code seq}; {@code true} if it is new, {@code false} if it is a duplicate (or too old). */
    public boolean firstTime(long seq) {
        if (seq <= floor) {
            return false;
        }
        if (seq > floor + size) {
            slideTo(seq - size);
        }
        int bit = (int) (seq - floor - 1);
        if (above.get(bit)) {
            return false;
        }
        above.set(bit);
        int contiguous = above.nextClearBit(0);
        if (contiguous > 0) {
            floor += contiguous;
            shift(contiguous);
        }
        return true;
    }

    /** Every number up to this one has been seen. */
    public long floor() {
        return floor;
    }

    private void slideTo(long newFloor) {
        int by = (int) Math.min(size, newFloor - floor);
        floor = newFloor;
        shift(by);
    }

    private void shift(int by) {
        BitSet moved = above.get(by, Math.max(by, size));
        above.clear();
        above.or(moved);
    }
}
