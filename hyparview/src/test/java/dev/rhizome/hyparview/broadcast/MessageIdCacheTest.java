package dev.rhizome.hyparview.broadcast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** The cache against a plain insertion-ordered map that forgets its eldest entry. */
class MessageIdCacheTest {

    @Property(tries = 300, seed = "11")
    void behavesLikeABoundedInsertionOrderedMap(@ForAll @IntRange(min = 1, max = 40) int capacity,
                                                @ForAll @Size(max = 400) List<@LongRange(min = -60, max = 60) Long> ids) {
        MessageIdCache cache = new MessageIdCache(capacity);
        Map<Long, Integer> model = new LinkedHashMap<>();
        int round = 0;
        for (long id : ids) {
            round++;
            boolean added = cache.add(id, new byte[] {(byte) round}, round);
            assertEquals(!model.containsKey(id), added, "add " + id);
            if (added) {
                if (model.size() == capacity) {
                    model.remove(model.keySet().iterator().next());
                }
                model.put(id, round);
            }
            assertEquals(model.size(), cache.size());
        }
        for (long id = -60; id <= 60; id++) {
            Integer expected = model.get(id);
            assertEquals(expected != null, cache.contains(id), "contains " + id);
            assertEquals(expected == null ? -1 : expected, cache.round(id), "round of " + id);
            if (expected != null) {
                assertEquals((byte) (int) expected, cache.payload(id)[0]);
            }
        }
    }
}
