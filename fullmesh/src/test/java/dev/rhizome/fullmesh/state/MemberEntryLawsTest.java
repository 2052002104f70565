package dev.rhizome.fullmesh.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.NodeId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The member set is a join-semilattice: merge is commutative, associative and idempotent, for single
 * entries and for whole tables merged in any order. Generators deliberately produce many ties (few
 * incarnations, versions, addresses and metadata values) so every rule of the order is exercised.
 */
class MemberEntryLawsTest {

    private static final String SEED = "20261122";

    @Property(seed = SEED)
    void mergeIsCommutative(@ForAll("sameName") List<MemberEntry> entries) {
        MemberEntry a = entries.get(0);
        MemberEntry b = entries.get(1);
        assertEquals(MemberEntry.merge(a, b), MemberEntry.merge(b, a));
    }

    @Property(seed = SEED)
    void mergeIsAssociative(@ForAll("sameName") List<MemberEntry> entries) {
        MemberEntry a = entries.get(0);
        MemberEntry b = entries.get(1);
        MemberEntry c = entries.get(2);
        assertEquals(MemberEntry.merge(MemberEntry.merge(a, b), c), MemberEntry.merge(a, MemberEntry.merge(b, c)));
    }

    @Property(seed = SEED)
    void mergeIsIdempotent(@ForAll("sameName") List<MemberEntry> entries) {
        MemberEntry a = entries.get(0);
        assertEquals(a, MemberEntry.merge(a, a));
        MemberEntry ab = MemberEntry.merge(a, entries.get(1));
        assertEquals(ab, MemberEntry.merge(ab, entries.get(1)), "merging the same news twice changes nothing");
    }

    @Property(seed = SEED)
    void mergeIsAnUpperBound(@ForAll("sameName") List<MemberEntry> entries) {
        MemberEntry joined = MemberEntry.merge(entries.get(0), entries.get(1));
        assertTrue(MemberEntry.DOMINANCE.compare(joined, entries.get(0)) >= 0);
        assertTrue(MemberEntry.DOMINANCE.compare(joined, entries.get(1)) >= 0);
    }

    @Property(seed = SEED, tries = 300)
    void tablesConvergeWhateverTheDeliveryOrder(@ForAll("mixedNames") List<MemberEntry> updates,
                                                @ForAll("permutationSeeds") long shuffle) {
        MemberTable inOrder = new MemberTable();
        inOrder.mergeAll(updates);

        List<MemberEntry> shuffled = new java.util.ArrayList<>(updates);
        java.util.Collections.shuffle(shuffled, new java.util.Random(shuffle));
        MemberTable reordered = new MemberTable();
        reordered.mergeAll(shuffled);
        reordered.mergeAll(shuffled.subList(0, shuffled.size() / 2)); // duplicates are harmless

        assertEquals(inOrder.snapshot(), reordered.snapshot(), "shuffle seed " + shuffle);
    }

    @Property(seed = SEED, tries = 300)
    void mergingTablesIsCommutativeAndAssociative(@ForAll("mixedNames") List<MemberEntry> x,
                                                  @ForAll("mixedNames") List<MemberEntry> y,
                                                  @ForAll("mixedNames") List<MemberEntry> z) {
        assertEquals(join(join(x, y).values(), z), join(x, join(y, z).values()));
        assertEquals(join(x, y), join(y, x));
        assertEquals(join(x, x), join(x, List.of()));
    }

    // ---- the rules themselves ----

    private static final NodeId A1 = new NodeId("a", "h", 1, 1);
    private static final NodeId A2 = new NodeId("a", "h", 2, 2);

    @Example
    void aHigherIncarnationWinsWhateverItsVersionOrStatus() {
        MemberEntry old = new MemberEntry(A1, 99, MemberStatus.LEFT, Map.of());
        MemberEntry restarted = MemberEntry.alive(A2, Map.of());
        assertSame(restarted, MemberEntry.merge(old, restarted));
    }

    @Example
    void anObserversDownDominatesAliveAtTheSameVersionAndARefutationDominatesTheDown() {
        MemberEntry alive = MemberEntry.alive(A1, Map.of("role", "x"));
        MemberEntry down = alive.withStatus(MemberStatus.DOWN);
        assertSame(down, MemberEntry.merge(alive, down));
        MemberEntry refuted = down.bumped(down.version(), MemberStatus.ALIVE);
        assertEquals(2, refuted.version());
        assertSame(refuted, MemberEntry.merge(down, refuted));
        MemberEntry leftEntry = alive.withStatus(MemberStatus.LEFT);
        assertSame(leftEntry, MemberEntry.merge(down, leftEntry));
    }

    // ---- generators ----

    private static Map<String, MemberEntry> join(Collection<MemberEntry> x, Collection<MemberEntry> y) {
        MemberTable table = new MemberTable();
        table.mergeAll(x);
        table.mergeAll(y);
        return table.snapshot();
    }

    @Provide
    Arbitrary<List<MemberEntry>> sameName() {
        return entries(Arbitraries.just("a")).list().ofSize(3);
    }

    @Provide
    Arbitrary<List<MemberEntry>> mixedNames() {
        return entries(Arbitraries.of("a", "b", "c")).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<Long> permutationSeeds() {
        return Arbitraries.longs();
    }

    private static Arbitrary<MemberEntry> entries(Arbitrary<String> names) {
        Arbitrary<NodeId> ids = Combinators.combine(names, Arbitraries.of("h1", "h2"),
                Arbitraries.integers().between(1, 2), Arbitraries.longs().between(1, 3))
                .as(NodeId::new);
        Arbitrary<Map<String, String>> metadata = Arbitraries.maps(Arbitraries.of("role", "zone"),
                Arbitraries.of("x", "y")).ofMaxSize(2);
        return Combinators.combine(ids, Arbitraries.longs().between(1, 3), Arbitraries.of(MemberStatus.class), metadata)
                .as(MemberEntry::new);
    }
}
