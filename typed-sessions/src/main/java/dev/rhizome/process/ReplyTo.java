package dev.rhizome.process;

import java.io.Serializable;

/**
 * Where the reply to one call goes: a one-shot alias of the caller plus a tag. Once the call has
 * returned or timed out the alias is gone, so a late reply is dropped and never reaches a mailbox.
 *
 * @param alias the caller's alias for this call
 * @param tag   the call's tag
 */
public record ReplyTo(Pid<?> alias, long tag) implements Serializable {}
