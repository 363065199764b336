package io.llmrouter.adapters.observe.accesslog;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where access log lines go: {@code stdout}, {@code stderr}, or a file (appended to, created if missing). */
public final class AccessLogOutput {

    private AccessLogOutput() {
    }

    public static Writer open(String output) {
        OutputStream stream = switch (output) {
            case "stdout" -> unclosable(System.out);
            case "stderr" -> unclosable(System.err);
            default -> file(Path.of(output));
        };
        return new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
    }

    private static OutputStream file(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open access log file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Closing the logger must not close the process's stdout or stderr. */
    private static OutputStream unclosable(OutputStream stream) {
        return new FilterOutputStream(stream) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
