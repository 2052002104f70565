package dev.rhizome.hyparview.broadcast;

import dev.rhizome.hyparview.wire.WirePeer;
import java.util.Arrays;

/**
 * The ids of the most recent messages, each with its payload and the round it arrived in, bounded to
 * {@code capacity}: adding to a full cache forgets the oldest. Primitive arrays (a ring in arrival order
 * and an open-addressing index) because a 10,000-node simulation holds one per node.
 */
public final class MessageIdCache {

    private static final int EMPTY = -1;

    private final int capacity;
    private long[] ids;
    private byte[][] payloads;
    private WirePeer[] origins;
    private int[] rounds;
    /** Ring position of the oldest entry. */
    private int head;
    private int size;
    /** Linear-probing index from id to ring position, {@link #EMPTY} where free; kept at most half full. */
    private int[] index;

    /** An empty cache that holds at most {@code capacity} ids. */
    public MessageIdCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        allocate(Math.min(capacity, 16));
    }

    /** Whether {@code id} is remembered. */
    public boolean contains(long id) {
        return find(id) >= 0;
    }

    /** The payload remembered for {@code id}, or null. */
    public byte[] payload(long id) {
        int slot = find(id);
        return slot < 0 ? null : payloads[index[slot]];
    }

    /** The origin remembered for {@code id}, or null. */
    public WirePeer origin(long id) {
        int slot = find(id);
        return slot < 0 ? null : origins[index[slot]];
    }

    /** The round {@code id} arrived in, or -1. */
    public int round(long id) {
        int slot = find(id);
        return slot < 0 ? -1 : rounds[index[slot]];
    }

    /** Remembers {@code id}, forgetting the oldest if full; returns false if it was already there. */
    public boolean add(long id, byte[] payload, int round) {
        return add(id, payload, round, null);
    }

    /** Remembers {@code id} with the broadcast's origin; returns false if it was already there. */
    public boolean add(long id, byte[] payload, int round, WirePeer origin) {
        if (contains(id)) {
            return false;
        }
        if (size == capacity) {
            removeOldest();
        } else if (size == ids.length) {
            allocate(Math.min(capacity, ids.length * 2));
        }
        int position = (head + size) % ids.length;
        ids[position] = id;
        payloads[position] = payload;
        origins[position] = origin;
        rounds[position] = round;
        size++;
        int slot = slotOf(id);
        while (index[slot] != EMPTY) {
            slot = (slot + 1) & (index.length - 1);
        }
        index[slot] = position;
        return true;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    private void removeOldest() {
        long id = ids[head];
        int slot = find(id);
        payloads[head] = null;
        origins[head] = null;
        head = (head + 1) % ids.length;
        size--;
        // backward-shift deletion keeps every probe chain unbroken
        int mask = index.length - 1;
        int hole = slot;
        int next = (hole + 1) & mask;
        while (index[next] != EMPTY) {
            int home = slotOf(ids[index[next]]);
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                index[hole] = index[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        index[hole] = EMPTY;
    }

    private int find(long id) {
        int mask = index.length - 1;
        int slot = slotOf(id);
        while (index[slot] != EMPTY) {
            if (ids[index[slot]] == id) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private int slotOf(long id) {
        long z = id * 0x9E3779B97F4A7C15L;
        return (int) (z ^ (z >>> 32)) & (index.length - 1);
    }

    /** Re-lays the ring out from position 0 in arrays of {@code length} and rebuilds the index. */
    private void allocate(int length) {
        long[] newIds = new long[length];
        byte[][] newPayloads = new byte[length][];
        WirePeer[] newOrigins = new WirePeer[length];
        int[] newRounds = new int[length];
        for (int i = 0; i < size; i++) {
            int from = (head + i) % ids.length;
            newIds[i] = ids[from];
            newPayloads[i] = payloads[from];
            newOrigins[i] = origins[from];
            newRounds[i] = rounds[from];
        }
        ids = newIds;
        payloads = newPayloads;
        origins = newOrigins;
        rounds = newRounds;
        head = 0;
        index = new int[Integer.highestOneBit(length) * 4];
        Arrays.fill(index, EMPTY);
        for (int i = 0; i < size; i++) {
            int slot = slotOf(ids[i]);
            while (index[slot] != EMPTY) {
                slot = (slot + 1) & (index.length - 1);
            }
            index[slot] = i;
        }
    }
}
