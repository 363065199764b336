package io.llmrouter.sim.http;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Helidon's start-up INFO lines (features, "bound for socket", "Started all channels") off the
 * simulator's stderr, where they bury the lines a user reads; warnings and errors still show. Left
 * alone when the JVM was given a logging configuration of its own.
 */
final class QuietLogging {

    /** Held strongly: JUL keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger HELIDON = Logger.getLogger("io.helidon");

    private QuietLogging() {
    }

    static void apply() {
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null
                && HELIDON.getLevel() == null) {
            HELIDON.setLevel(Level.WARNING);
        }
    }
}
