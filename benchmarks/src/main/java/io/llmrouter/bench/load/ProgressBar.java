package io.llmrouter.bench.load;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** A one-line progress bar on stderr, redrawn four times a second by a daemon thread until closed. */
final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;

    private final Thread painter;
    private final int total;
    private final AtomicInteger finished;
    private final long start;

    private ProgressBar(int total, AtomicInteger finished, long start) {
        this.total = total;
        this.finished = finished;
        this.start = start;
        this.painter = Thread.ofPlatform().daemon().name("progress").unstarted(this::paintLoop);
    }

    static ProgressBar start(int total, AtomicInteger finished, long start) {
        ProgressBar bar = new ProgressBar(total, finished, start);
        bar.painter.start();
        return bar;
    }

    private void paintLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                paint();
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void paint() {
        int done = finished.get();
        int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf(Locale.ROOT, "\r[%s%s] %d/%d  %.1f s  %.1f req/s ", "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, seconds, seconds > 0 ? done / seconds : 0);
    }

    @Override
    public void close() {
        painter.interrupt();
        try {
            painter.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        paint();
        System.err.println();
    }
}
