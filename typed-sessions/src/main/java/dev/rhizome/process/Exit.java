package dev.rhizome.process;

/**
 * The message a process that traps exits receives for an exit signal: Erlang's
 * {@code {'EXIT', From, Reason}}.
 *
 * @param from   the process the signal came from
 * @param reason its reason
 */
public record Exit(Pid<?> from, ExitReason reason) {}
