package dev.rhizome.process.server;

import dev.rhizome.process.Pid;
import dev.rhizome.process.SpawnException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waits for a behaviour's {@code init} to finish, as {@code start} and {@code startLink} of both behaviours do. */
final class Startup {

    private Startup() {}

    /** The started process, or the {@link SpawnException} its start failed with. */
    static <M> Pid<M> await(CompletableFuture<Pid<M>> started) {
        try {
            return started.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SpawnException s ? s : new SpawnException("start failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpawnException("interrupted while starting");
        }
    }
}
