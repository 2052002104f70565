package dev.rhizome.overlay;

/** A registered handler or listener; {@link #close()} unregisters it. Closing twice is harmless. */
@FunctionalInterface
public interface Registration extends AutoCloseable {
    @Override
    void close();
}
