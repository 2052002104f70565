package dev.rhizome.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A spawned child JVM: commands go to its stdin, protocol lines come from its stdout, its stderr goes
 * to a log file. Every child is killed when the parent exits (shutdown hook), and a child exits by
 * itself when its stdin closes.
 */
public final class ChildProc implements AutoCloseable {

    private static final String EOF = "\u0000EOF";
    private static final List<Process> ALL = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : ALL) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }, "bench-child-reaper"));
    }

    final String name;
    final Path log;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildProc(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("bench-out-" + name).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child is gone
            }
            lines.add(EOF);
        });
    }

    /** Starts {@code command}, its stderr appended to {@code logDir/name.log}; killed when this JVM exits. */
    public static ChildProc start(String name, List<String> command, Path logDir) throws IOException {
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ALL.add(process);
        return new ChildProc(name, process, log);
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** Waits for a line starting with {@code prefix} and returns the rest of it. */
    public String expect(String prefix, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            long left = end - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw failure("no '" + prefix + "' within " + timeoutMs + " ms");
            }
            if (line.equals(EOF)) {
                throw failure("exited before '" + prefix + "'");
            }
            if (line.startsWith("ERROR")) {
                throw failure(line);
            }
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length()).trim();
            }
        }
    }

    /** Sends a command and parses its {@code RESULT k=v ...} answer. */
    public Map<String, String> call(String command, long timeoutMs) throws IOException, InterruptedException {
        stdin.write(command + "\n");
        stdin.flush();
        Map<String, String> result = new LinkedHashMap<>();
        for (String word : expect("RESULT", timeoutMs).split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                result.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return result;
    }

    private IllegalStateException failure(String what) {
        String tail = "";
        try {
            List<String> logLines = Files.readAllLines(log);
            tail = String.join("\n    ", logLines.subList(Math.max(0, logLines.size() - 25), logLines.size()));
        } catch (IOException e) {
            tail = "(no log: " + e + ")";
        }
        return new IllegalStateException("child " + name + ": " + what + "; log " + log + ":\n    " + tail);
    }

    @Override
    public void close() {
        try {
            stdin.write("quit\n");
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(8, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        ALL.remove(process);
    }
}
