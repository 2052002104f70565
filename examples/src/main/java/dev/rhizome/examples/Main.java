package dev.rhizome.examples;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rhizome} command line.
 *
 * <pre>
 *   rhizome node --name NAME --port PORT [--host H] [--seeds host:port,...] ...   one node, foreground
 *   rhizome demo                                                                  5 JVMs on 127.0.0.1
 * </pre>
 *
 * Exit codes: 0 success, 1 failure, 2 invalid setting or usage.
 */
@Command(name = "rhizome", mixinStandardHelpOptions = true, version = "rhizome 0.1.0-SNAPSHOT",
        description = "Rhizome: an overlay network of Java nodes on named, authenticated channels.",
        subcommands = {NodeCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code for an invalid setting or bad usage. */
    public static final int EXIT_CONFIG = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        // Netty's non-daemon threads must not keep a finished command alive. ('node' never gets here: it
        // ends through System.exit or a signal, and its shutdown hook leaves the cluster first.)
        System.exit(code);
    }

    /** Runs the command line with the given streams and returns its exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            cmd.getErr().println("rhizome: " + exception);
            exception.printStackTrace(cmd.getErr());
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
