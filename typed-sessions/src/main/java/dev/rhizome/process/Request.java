package dev.rhizome.process;

/**
 * How calls and casts arrive in a server's mailbox (Erlang's {@code '$gen_call'} and
 * {@code '$gen_cast'}). Server behaviours unwrap them; plain processes may receive them too.
 */
public sealed interface Request {

    /** The payload. */
    Object body();

    /** A call: the server answers with {@link ProcessContext#reply}. */
    record Call(ReplyTo from, Object body) implements Request {}

    /** A cast: no answer. */
    record Cast(Object body) implements Request {}
}
