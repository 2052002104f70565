package dev.rhizome.fullmesh.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.fullmesh.state.MemberEntry;
import dev.rhizome.fullmesh.state.MemberStatus;
import dev.rhizome.overlay.NodeId;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.infinispan.protostream.ProtobufUtil;
import org.infinispan.protostream.SerializationContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every control message survives ProtoStream's wrapped encoding unchanged. */
class WireRoundTripTest {

    private SerializationContext context;

    @BeforeEach
    void registerSchema() {
        context = ProtobufUtil.newSerializationContext();
        new FullMeshSchemaImpl().register(context);
    }

    private Object roundTrip(Object message) throws IOException {
        return ProtobufUtil.fromWrappedByteArray(context, ProtobufUtil.toWrappedByteArray(context, message));
    }

    @Test
    void heartbeat() throws IOException {
        Heartbeat beat = new Heartbeat(1_732_000_000_123L, 42);
        assertEquals(beat, roundTrip(beat));
    }

    @Test
    void memberStateWithEveryStatusAndMetadata() throws IOException {
        List<MemberEntry> entries = List.of(
                MemberEntry.alive(new NodeId("a", "10.0.0.1", 7001, 5), Map.of("role", "kv", "zone", "eu-1")),
                new MemberEntry(new NodeId("b", "host-b", 65535, Long.MAX_VALUE), 9, MemberStatus.DOWN, Map.of()),
                new MemberEntry(new NodeId("c", "::1", 0, 0), 3, MemberStatus.LEFT, Map.of("k", "")));
        MemberState state = WireMapping.state(entries, true);
        Object decoded = roundTrip(state);
        assertTrue(decoded instanceof MemberState);
        MemberState back = (MemberState) decoded;
        assertTrue(back.replyWanted());
        assertEquals(entries, WireMapping.entries(back));
    }

    @Test
    void anEmptyState() throws IOException {
        MemberState back = (MemberState) roundTrip(WireMapping.state(List.of(), false));
        assertEquals(List.of(), WireMapping.entries(back));
    }

    @Test
    void aMalformedEntryIsSkippedNotFatal() {
        WireEntry bad = new WireEntry(new WireNodeId("not a name!", "h", 1, 1), 1, MemberStatus.ALIVE, Map.of());
        WireEntry good = WireMapping.toWire(MemberEntry.alive(new NodeId("ok", "h", 1, 1), Map.of()));
        assertEquals(1, WireMapping.entries(new MemberState(List.of(bad, good), false)).size());
    }
}
