package dev.rhizome.process.registry;

import dev.rhizome.process.ExitReason;
import dev.rhizome.process.Pid;

/**
 * Settles a name held by two processes, found when registrations made apart meet (after a partition,
 * or a race). Every node runs it on the same pair and must reach the same winner; only the loser's
 * own node then acts on the loser, with {@link #onLoser}.
 */
public interface ConflictResolver {

    /** The process that keeps the name. Must be deterministic: the same on every node. */
    Pid<?> winner(String name, Pid<?> a, Pid<?> b);

    /** What happens to the loser; by default it exits with {@code {shutdown, name_conflict}}. */
    default ExitReason loserExit(String name) {
        return ExitReason.shutdown("name_conflict " + name);
    }

    /** Whether the loser is sent {@link #loserExit}; false to only drop its registration. */
    default boolean onLoser() {
        return true;
    }

    /** The default: the older node incarnation wins, then the lower node name, then the lower id. */
    static ConflictResolver oldestWins() {
        return (name, a, b) -> {
            int byIncarnation = Long.compare(a.incarnation(), b.incarnation());
            if (byIncarnation != 0) {
                return byIncarnation < 0 ? a : b;
            }
            int byNode = a.nodeName().compareTo(b.nodeName());
            if (byNode != 0) {
                return byNode < 0 ? a : b;
            }
            return a.id() <= b.id() ? a : b;
        };
    }

    /** Like {@link #oldestWins()} but the loser keeps running and only loses the name. */
    static ConflictResolver oldestWinsKeepLoser() {
        ConflictResolver base = oldestWins();
        return new ConflictResolver() {
            @Override
            public Pid<?> winner(String name, Pid<?> a, Pid<?> b) {
                return base.winner(name, a, b);
            }

            @Override
            public boolean onLoser() {
                return false;
            }
        };
    }
}
