package dev.rhizome.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rhizome.process.ExitReason;
import org.junit.jupiter.api.Test;

/** Every row of the reference manual's "Receiving Exit Signals" table. */
class ExitRulesTest {

    private static ExitRules.Outcome die(ExitReason r) {
        return new ExitRules.Outcome.Die(r);
    }

    @Test
    void linkSignalAfterUnlinkIsDropped() {
        assertEquals(ExitRules.DROP, ExitRules.decide(ExitReason.error("boom"), true, false, false, false));
        assertEquals(ExitRules.DROP, ExitRules.decide(ExitReason.KILL, true, false, true, false));
    }

    @Test
    void normalFromAnotherProcessIsDroppedUnlessTrapping() {
        assertEquals(ExitRules.DROP, ExitRules.decide(ExitReason.NORMAL, true, true, false, false));
        assertEquals(ExitRules.DROP, ExitRules.decide(ExitReason.NORMAL, false, false, false, false));
        assertEquals(ExitRules.DELIVER, ExitRules.decide(ExitReason.NORMAL, true, true, true, false));
    }

    @Test
    void killByExitCallIsUntrappableAndBecomesKilled() {
        assertEquals(die(ExitReason.KILLED), ExitRules.decide(ExitReason.KILL, false, false, false, false));
        assertEquals(die(ExitReason.KILLED), ExitRules.decide(ExitReason.KILL, false, false, true, false));
        assertEquals(die(ExitReason.KILLED), ExitRules.decide(ExitReason.KILL, false, false, true, true));
    }

    @Test
    void otherReasonKillsANonTrappingReceiverWithTheSameReason() {
        assertEquals(die(ExitReason.SHUTDOWN), ExitRules.decide(ExitReason.SHUTDOWN, false, false, false, false));
        assertEquals(die(ExitReason.error("x")), ExitRules.decide(ExitReason.error("x"), true, true, false, false));
    }

    @Test
    void killThroughALinkIsNotConvertedToKilled() {
        assertEquals(die(ExitReason.KILL), ExitRules.decide(ExitReason.KILL, true, true, false, false));
    }

    @Test
    void killThroughALinkIsTrappable() {
        assertEquals(ExitRules.DELIVER, ExitRules.decide(ExitReason.KILL, true, true, true, false));
    }

    @Test
    void exitSelfNormalTerminates() {
        assertEquals(die(ExitReason.NORMAL), ExitRules.decide(ExitReason.NORMAL, false, false, false, true));
    }

    @Test
    void trappingTurnsSignalsIntoMessages() {
        assertEquals(ExitRules.DELIVER, ExitRules.decide(ExitReason.error("x"), false, false, true, false));
        assertEquals(ExitRules.DELIVER, ExitRules.decide(ExitReason.NOCONNECTION, true, true, true, false));
    }
}
