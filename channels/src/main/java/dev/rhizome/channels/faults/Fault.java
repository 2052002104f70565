package dev.rhizome.channels.faults;

/** An installed fault; {@link #remove()} uninstalls it (idempotent). */
@FunctionalInterface
public interface Fault {

    /** Uninstalls the fault; messages already held back by it are still released. */
    void remove();
}
