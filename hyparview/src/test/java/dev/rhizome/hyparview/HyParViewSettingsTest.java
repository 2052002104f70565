package dev.rhizome.hyparview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rhizome.overlay.config.ConfigException;
import dev.rhizome.overlay.spi.Topologies;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HyParViewSettingsTest {

    @Test
    void theDefaultsAreThePapers() {
        HyParViewSettings settings = HyParViewSettings.defaults();
        assertEquals(5, settings.activeSize());
        assertEquals(30, settings.passiveSize());
        assertEquals(6, settings.arwl());
        assertEquals(3, settings.prwl());
        assertEquals(3, settings.shuffleActive());
        assertEquals(4, settings.shufflePassive());
        assertEquals(6, settings.shuffleTtl());
        assertEquals(HyParViewSettings.BroadcastMode.PLUMTREE, settings.broadcast());
        assertEquals(3, settings.optimizationThreshold());
        assertEquals(120, settings.contactsSize());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "hyparview.active-size, 0, hyparview.active-size",
            "hyparview.active-size, five, hyparview.active-size",
            "hyparview.passive-size, -1, hyparview.passive-size",
            "hyparview.prwl, 7, hyparview.prwl",
            "hyparview.shuffle-active, 6, hyparview.shuffle-active",
            "hyparview.shuffle-passive, 31, hyparview.shuffle-passive",
            "hyparview.shuffle-ttl, 0, hyparview.shuffle-ttl",
            "hyparview.broadcast, gossip, hyparview.broadcast",
            "hyparview.plumtree.graft-timeout-ms, 500, hyparview.plumtree.graft-timeout-ms",
            "hyparview.activesize, 5, hyparview.activesize",
            "hyparview.min-active, 6, hyparview.min-active",
            "hyparview.plumtree.optimization-threshold, -1, hyparview.plumtree.optimization-threshold",
            "hyparview.contacts-size, -1, hyparview.contacts-size",
    })
    void aBadSettingFailsNamingIt(String key, String value, String named) {
        ConfigException e = assertThrows(ConfigException.class, () -> HyParViewSettings.from(Map.of(key, value)));
        assertEquals(named, e.setting());
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void aPassiveViewTooSmallForOneShuffleIsAnInvalidCombination() {
        ConfigException e = assertThrows(ConfigException.class, () -> HyParViewSettings.from(Map.of(
                HyParViewSettings.PASSIVE_SIZE, "6", HyParViewSettings.SHUFFLE_PASSIVE, "4")));
        assertEquals(HyParViewSettings.PASSIVE_SIZE, e.setting());
    }

    @Test
    void theTopologyIsFoundByNameAndValidatesItsSettings() {
        assertInstanceOf(HyParViewTopology.class, Topologies.byName("hyparview"));
        assertThrows(ConfigException.class, () -> Topologies.byName("hyparview").validate(Map.of(HyParViewSettings.ARWL, "x")));
        assertTrue(Topologies.byName("hyparview").settingNames().contains(HyParViewSettings.ACTIVE_SIZE));
    }
}
