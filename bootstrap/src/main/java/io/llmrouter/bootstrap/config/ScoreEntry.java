package io.llmrouter.bootstrap.config;

/** One entry of {@code scheduler.plugins.Score.enabled}. */
public record ScoreEntry(String name, double weight) {
}
