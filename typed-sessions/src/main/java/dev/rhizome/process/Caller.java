package dev.rhizome.process;

import java.time.Duration;

/** Anything that can make a call: a {@link ProcessContext} from inside a process, a {@link ProcessNode} from outside. */
public interface Caller {

    /** Calls a server and waits up to {@code timeout} for its reply. */
    <R> R call(Pid<?> server, Object request, Duration timeout);
}
