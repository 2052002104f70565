package dev.rhizome.process.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessContext;
import dev.rhizome.process.ProcessNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** gen_statem semantics: postpone, next events, state/event/named timeouts, state enter, calls. */
class GenStatemTest {

    enum Door { LOCKED, OPEN }

    sealed interface DoorMsg {}
    record Unlock(String code) implements DoorMsg {}
    record Push() implements DoorMsg {}
    record State() implements DoorMsg {}

    private final ProcessNode node = ProcessNode.local("statem");
    private final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        node.close();
    }

    /** A door: pushes while locked are postponed; it relocks by state timeout. */
    private final class DoorMachine implements StateMachine<DoorMsg, Door, Integer> {
        private final Duration openFor;

        DoorMachine(Duration openFor) {
            this.openFor = openFor;
        }

        @Override
        public Transition<Door, Integer> init(ProcessContext<DoorMsg> self) {
            return Transition.to(Door.LOCKED, 0);
        }

        @Override
        public boolean stateEnter() {
            return true;
        }

        @Override
        public Transition<Door, Integer> handleEvent(Event event, Door state, Integer pushes, ProcessContext<DoorMsg> self) {
            return switch (event) {
                case Event.Enter enter -> {
                    log.add("enter " + state);
                    yield state == Door.OPEN ? Transition.keep(pushes, Action.stateTimeout(openFor, "relock"))
                            : Transition.keep(pushes);
                }
                case Event.Call call when call.content() instanceof State ->
                        Transition.keep(pushes, Action.reply(call.from(), state + ":" + pushes));
                case Event.Cast cast when cast.content() instanceof Unlock u && state == Door.LOCKED ->
                        u.code().equals("1234") ? Transition.to(Door.OPEN, pushes) : Transition.keep(pushes);
                case Event.Cast cast when cast.content() instanceof Push && state == Door.LOCKED ->
                        Transition.keep(pushes, Action.POSTPONE);
                case Event.Cast cast when cast.content() instanceof Push -> {
                    log.add("push");
                    yield Transition.keep(pushes + 1);
                }
                case Event.StateTimeout t -> {
                    log.add("timeout " + t.content());
                    yield Transition.to(Door.LOCKED, pushes);
                }
                default -> Transition.keep(pushes);
            };
        }
    }

    @Test
    void postponedEventsRunAfterTheStateChanges() {
        Pid<DoorMsg> door = GenStatem.start(node, DoorMsg.class, new DoorMachine(Duration.ofSeconds(10)));
        node.cast(door, new Push());
        node.cast(door, new Push());
        assertEquals("LOCKED:0", node.call(door, new State()));
        node.cast(door, new Unlock("1234"));
        assertEquals("OPEN:2", node.call(door, new State()));
        assertEquals(List.of("enter LOCKED", "enter OPEN", "push", "push"), log);
    }

    @Test
    void stateTimeoutFiresAndRelocks() {
        Pid<DoorMsg> door = GenStatem.start(node, DoorMsg.class, new DoorMachine(Duration.ofMillis(100)));
        node.cast(door, new Unlock("1234"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> log.contains("timeout relock"));
        assertEquals("LOCKED:0", node.call(door, new State()));
    }

    @Test
    void stateTimeoutIsCancelledByAStateChange() {
        StateMachine<DoorMsg, String, Integer> m = new StateMachine<>() {
            @Override
            public Transition<String, Integer> init(ProcessContext<DoorMsg> self) {
                return Transition.to("a", 0, Action.stateTimeout(Duration.ofMillis(100), "a-timeout"));
            }

            @Override
            public Transition<String, Integer> handleEvent(Event event, String state, Integer data, ProcessContext<DoorMsg> self) {
                if (event instanceof Event.StateTimeout t) {
                    log.add(String.valueOf(t.content()));
                }
                if (event instanceof Event.Cast) {
                    return Transition.to("b", data);
                }
                if (event instanceof Event.Call c) {
                    return Transition.keep(data, Action.reply(c.from(), state));
                }
                return Transition.keep(data);
            }
        };
        Pid<DoorMsg> pid = GenStatem.start(node, DoorMsg.class, m);
        node.cast(pid, new Push());
        assertEquals("b", node.call(pid, new State()));
        Awaitility.await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertEquals(List.of(), log);
    }

    @Test
    void eventTimeoutFiresOnlyWhenNothingArrives() {
        StateMachine<DoorMsg, String, Integer> m = new StateMachine<>() {
            @Override
            public Transition<String, Integer> init(ProcessContext<DoorMsg> self) {
                return Transition.to("idle", 0, Action.eventTimeout(Duration.ofMillis(100), "idle-timeout"),
                        Action.namedTimeout("tick", Duration.ofMillis(50), "tick"),
                        Action.nextEvent(new Event.Internal("first")), Action.nextEvent(new Event.Internal("second")));
            }

            @Override
            public Transition<String, Integer> handleEvent(Event event, String state, Integer data, ProcessContext<DoorMsg> self) {
                switch (event) {
                    case Event.Internal i -> log.add("internal " + i.content());
                    case Event.NamedTimeout n -> log.add("named " + n.content());
                    case Event.Timeout t -> log.add("event " + t.content());
                    default -> { }
                }
                return Transition.keep(data);
            }
        };
        GenStatem.start(node, DoorMsg.class, m);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> log.size() >= 3);
        // next events come first, in order; they cancel the event timeout, so only the named one fires
        Awaitility.await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertEquals(List.of("internal first", "internal second", "named tick"), log);
    }

    /**
     * The door in state_functions mode: each state is an enum constant with its own handler. Pushes
     * while locked are postponed; the open state relocks by state timeout; locking hibernates.
     */
    enum DoorState implements StateFunction<DoorMsg, Integer> {
        LOCKED {
            @Override
            public Transition<StateFunction<DoorMsg, Integer>, Integer> handle(Event event, Integer pushes,
                    ProcessContext<DoorMsg> self) {
                return switch (event) {
                    case Event.Cast c when c.content() instanceof Unlock u && u.code().equals("1234") ->
                            Transition.to(OPEN, pushes, Action.stateTimeout(Duration.ofMillis(100), "relock"));
                    case Event.Cast c when c.content() instanceof Push -> Transition.keep(pushes, Action.POSTPONE);
                    case Event.Call c -> Transition.keep(pushes, Action.reply(c.from(), "LOCKED:" + pushes));
                    default -> Transition.keep(pushes);
                };
            }
        },
        OPEN {
            @Override
            public Transition<StateFunction<DoorMsg, Integer>, Integer> handle(Event event, Integer pushes,
                    ProcessContext<DoorMsg> self) {
                return switch (event) {
                    case Event.Cast c when c.content() instanceof Push -> Transition.keep(pushes + 1);
                    case Event.Call c -> Transition.keep(pushes, Action.reply(c.from(), "OPEN:" + pushes));
                    case Event.StateTimeout t -> Transition.to(LOCKED, pushes, Action.HIBERNATE);
                    default -> Transition.keep(pushes);
                };
            }
        }
    }

    @Test
    void stateFunctionsModePostponesTimesOutAndHibernates() {
        StateFunctions<DoorMsg, Integer> machine = self -> Transition.to(DoorState.LOCKED, 0);
        Pid<DoorMsg> door = GenStatem.start(node, DoorMsg.class, machine);
        node.cast(door, new Push());
        assertEquals("LOCKED:0", node.call(door, new State()));
        node.cast(door, new Unlock("1234"));
        assertEquals("OPEN:1", node.call(door, new State())); // the postponed push ran on entering OPEN
        // the state timeout relocks and hibernates; the machine keeps its data and works on
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> node.call(door, new State()).equals("LOCKED:1"));
        node.cast(door, new Push());
        node.cast(door, new Unlock("1234"));
        assertEquals("OPEN:2", node.call(door, new State()));
    }
}
