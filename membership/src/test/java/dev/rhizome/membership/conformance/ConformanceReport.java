package dev.rhizome.membership.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Collects each case's outcome for one topology (honoured, not honoured with its reason, failed) and
 * writes them to {@code target/conformance/<topology>.md}, the raw material of the capability matrix
 * in {@code docs/topologies.md}.
 */
public final class ConformanceReport implements TestWatcher, AfterAllCallback {

    private final Map<Case, String> outcomes = new ConcurrentSkipListMap<>();
    private volatile String topology;

    @Override
    public void testSuccessful(ExtensionContext context) {
        record(context, "honoured");
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        String why = firstLine(cause);
        record(context, why.startsWith("not applicable") ? "n/a (" + why.substring("not applicable: ".length()) + ")"
                : "not honoured: " + why);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        record(context, "FAILED: " + firstLine(cause));
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        record(context, "disabled: " + reason.orElse("no reason given"));
    }

    private void record(ExtensionContext context, String outcome) {
        context.getTestInstance().filter(OverlayConformanceSuite.class::isInstance)
                .ifPresent(i -> topology = ((OverlayConformanceSuite) i).topology());
        context.getTestMethod().flatMap(m -> Case.forMethod(m.getName())).ifPresent(c -> outcomes.put(c, outcome));
    }

    private static String firstLine(Throwable cause) {
        String message = String.valueOf(cause.getMessage()).replaceFirst("^Assumption failed: ", "");
        return message.lines().findFirst().orElse(cause.getClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        String topology = this.topology != null ? this.topology : context.getRequiredTestClass().getSimpleName();
        StringBuilder text = new StringBuilder("| case | " + topology + " |\n|---|---|\n");
        outcomes.forEach((c, outcome) -> text.append("| ").append(c.label()).append(" | ")
                .append(outcome.replace('|', '/')).append(" |\n"));
        try {
            Path dir = Path.of("target", "conformance");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(topology + ".md"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
