package dev.rhizome.process;

/**
 * The code a process runs. Returning ends the process with reason {@code normal}; throwing an
 * {@link ExitException} ends it with that exception's reason; any other exception ends it with an
 * {@link ExitReason.Error} describing the exception.
 *
 * @param <M> the process's message protocol
 */
@FunctionalInterface
public interface ProcessBody<M> {
    void run(ProcessContext<M> self) throws Exception;
}
