package dev.rhizome.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A node running {@code rhizome node --stdin-commands} in its own JVM: launches it, collects its
 * stdout lines (see {@link NodeConsole} for their format), sends it commands, and stops it gracefully
 * ({@code quit}), with SIGTERM ({@link #terminate()}) or with SIGKILL ({@link #kill()}). Its stderr
 * goes to a log file.
 */
public final class NodeProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final Writer stdin;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = Thread.ofPlatform().daemon().name("rhizome-stdout-" + name).start(this::readStdout);
    }

    /**
     * Starts {@code rhizome node --name NAME --stdin-commands ARGS...} in a new JVM.
     *
     * @param classPath the class path of the new JVM, holding Rhizome and this class
     * @param jvmOptions extra JVM options (before the main class)
     * @param logDir     where {@code NAME.log} (the node's stderr) goes
     */
    public static NodeProcess start(String name, List<String> nodeArgs, String classPath, List<String> jvmOptions,
                                    Path logDir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Jvm.javaBinary());
        command.addAll(Jvm.defaultOptions());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(Main.class.getName());
        command.add("node");
        command.add("--name");
        command.add(name);
        command.add("--stdin-commands");
        command.addAll(nodeArgs);
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new NodeProcess(name, process, log);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Process process() {
        return process;
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process went away
        }
        synchronized (lines) {
            lines.notifyAll();
        }
    }

    /** How many stdout lines arrived so far; pass it to the {@code await}/{@code find} methods as {@code from}. */
    public int mark() {
        synchronized (lines) {
            return lines.size();
        }
    }

    /** A copy of every stdout line so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The first line at index {@code from} or later that matches, if one arrived. */
    public Optional<String> find(int from, Predicate<String> matches) {
        synchronized (lines) {
            for (int i = from; i < lines.size(); i++) {
                if (matches.test(lines.get(i))) {
                    return Optional.of(lines.get(i));
                }
            }
            return Optional.empty();
        }
    }

    /** The first event line {@code EVENT <kind> ...} at {@code from} or later whose fields match, split into fields. */
    public Optional<String[]> findEvent(int from, String kind, Predicate<String[]> matches) {
        return find(from, line -> isEvent(line, kind) && matches.test(fields(line))).map(NodeProcess::fields);
    }

    /**
     * Waits at most {@code timeout} for a line at index {@code from} or later that matches.
     *
     * @throws IllegalStateException naming {@code what}, with the node's last output, on timeout or exit
     */
    public String await(int from, Predicate<String> matches, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (int i = from; i < lines.size(); i++) {
                    if (matches.test(lines.get(i))) {
                        return lines.get(i);
                    }
                }
                from = Math.max(from, lines.size());
                long left = deadline - System.nanoTime();
                if (left <= 0 || !reader.isAlive() && !process.isAlive()) {
                    throw new IllegalStateException(name + ": " + (left <= 0 ? "timed out after " + timeout.toMillis()
                            + " ms waiting for " : "exited (code " + exitCode() + ") while waiting for ") + what
                            + "\n" + describe());
                }
                try {
                    lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(name + ": interrupted waiting for " + what, e);
                }
            }
        }
    }

    /** {@link #await} for an event line, returned split into fields ({@code [EVENT, kind, ...]}). */
    public String[] awaitEvent(int from, String kind, Predicate<String[]> matches, Duration timeout, String what) {
        return fields(await(from, line -> isEvent(line, kind) && matches.test(fields(line)), timeout, what));
    }

    /** Sends one command line; answers arrive as stdout lines. */
    public void command(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException(name + ": cannot send command '" + line + "': " + e.getMessage()
                    + "\n" + describe(), e);
        }
    }

    /** Sends a command and waits for the first reply line that starts with {@code replyPrefix} or {@code ERROR}. */
    public String ask(String line, String replyPrefix, Duration timeout) {
        int from = mark();
        command(line);
        String reply = await(from, l -> l.startsWith(replyPrefix) || l.startsWith("ERROR"), timeout,
                "the reply to '" + line + "'");
        if (reply.startsWith("ERROR")) {
            throw new IllegalStateException(name + ": '" + line + "' failed: " + reply);
        }
        return reply;
    }

    /** SIGKILL, as a crash: returns the epoch millisecond just before the signal. */
    public long kill() {
        long at = System.currentTimeMillis();
        // ProcessHandle sends SIGKILL on Linux; unlike Process.destroyForcibly() it leaves our end of
        // the pipes open, so whatever the process wrote before dying is still read.
        process.toHandle().destroyForcibly();
        return at;
    }

    /**
     * SIGTERM: the node leaves gracefully from its shutdown hook. Sent through {@link ProcessHandle},
     * because {@code Process.destroy()} also closes our end of its stdout, losing its last lines.
     */
    public long terminate() {
        long at = System.currentTimeMillis();
        process.toHandle().destroy();
        return at;
    }

    /** Waits for the process to exit; its exit code, or empty if it is still running after {@code timeout}. */
    public Optional<Integer> waitFor(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                reader.join(timeout.toMillis()); // let the last lines arrive
                return Optional.of(process.exitValue());
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private String exitCode() {
        return process.isAlive() ? "running" : Integer.toString(process.exitValue());
    }

    /** The last stdout lines and the last lines of the log, for failure messages. */
    public String describe() {
        StringBuilder text = new StringBuilder("--- last stdout lines of " + name + " (pid " + pid() + ", "
                + (process.isAlive() ? "running" : "exit " + process.exitValue()) + ") ---\n");
        List<String> all = lines();
        all.subList(Math.max(0, all.size() - 15), all.size()).forEach(l -> text.append("  ").append(l).append('\n'));
        text.append("--- last lines of ").append(log).append(" ---\n");
        try {
            List<String> logLines = Files.readAllLines(log, StandardCharsets.UTF_8);
            logLines.subList(Math.max(0, logLines.size() - 15), logLines.size())
                    .forEach(l -> text.append("  ").append(l).append('\n'));
        } catch (IOException e) {
            text.append("  (unreadable: ").append(e.getMessage()).append(")\n");
        }
        return text.toString();
    }

    /** Asks the node to quit (graceful leave), then SIGKILLs it if it is still running after 10 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                command("quit");
            } catch (IllegalStateException ignored) {
                // stdin already closed
            }
            if (waitFor(Duration.ofSeconds(10)).isEmpty()) {
                process.destroyForcibly();
                waitFor(Duration.ofSeconds(5));
            }
        }
    }

    /** Whether {@code line} is {@code EVENT <kind> ...}. */
    public static boolean isEvent(String line, String kind) {
        return line.startsWith("EVENT " + kind + " ");
    }

    /** A line split on spaces. */
    public static String[] fields(String line) {
        return line.trim().split(" +");
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ", " + exitCode() + ")";
    }
}
