package dev.rhizome.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A channel's options are declared on its spec, printed and parsed in one form, and checked at once. */
class ChannelSpecTest {

    @Test
    void plainSpecsKeepTheirOldForm() {
        assertEquals("chat:1", ChannelSpec.of("chat").toString());
        assertEquals(ChannelSpec.parallel("bulk", 4), ChannelSpec.parse("bulk:4"));
        assertFalse(ChannelSpec.parse("bulk:4").hasOptions());
    }

    @Test
    void optionsRoundTripThroughTheTextForm() {
        ChannelSpec spec = ChannelSpec.parallel("orders", 2).withCompression(Compression.SNAPPY, 1024)
                .withDelivery(DeliveryGuarantee.EFFECTIVELY_ONCE, 512);
        assertEquals("orders:2:snappy=1024:effectively-once:window=512", spec.toString());
        assertEquals(spec, ChannelSpec.parse(spec.toString()));
        ChannelSpec crdt = ChannelSpec.parse("crdt:monotonic");
        assertTrue(crdt.monotonic());
        assertEquals(1, crdt.parallelism());
        assertEquals(ChannelSpec.monotonic("crdt"), crdt);
        assertEquals(DeliveryGuarantee.AT_LEAST_ONCE, ChannelSpec.parse("x:at-least-once").delivery());
    }

    @Test
    void invalidOptionsFailNamingTheChannel() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> ChannelSpec.monotonic("crdt").withDelivery(DeliveryGuarantee.AT_LEAST_ONCE));
        assertTrue(both.getMessage().contains("'crdt'"), both.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChannelSpec.parse("x:2:fast"));
        assertThrows(IllegalArgumentException.class, () -> ChannelSpec.parse("x:abc"));
        assertThrows(IllegalArgumentException.class, () -> ChannelSpec.parse("x:window=0"));
        assertThrows(IllegalArgumentException.class, () -> ChannelSpec.of("x").withCompression(Compression.SNAPPY, -1));
    }
}
