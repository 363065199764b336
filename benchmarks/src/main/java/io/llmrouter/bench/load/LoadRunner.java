package io.llmrouter.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a workload to one {@link Target} and measures every request. A single dispatcher sleeps
 * until each Poisson arrival, waits for one of {@code maxConcurrency} slots, and hands the request
 * to its own virtual thread, which borrows a keep-alive connection from a pool (opening one when
 * none is idle). Only HTTP is used, so the same run measures the router, an engine or a real vLLM.
 */
public final class LoadRunner {

    private final Target target;
    private final LoadOptions options;

    public LoadRunner(Target target, LoadOptions options) {
        this.target = target;
        this.options = options;
    }

    /** Runs the workload and summarises it; requests not sent before the deadline are left out of the report. */
    public RunReport run(String label, String datasetName, List<BenchRequest> requests) throws InterruptedException {
        long[] arrivals = Arrivals.schedule(requests.size(), options.requestRate(), options.seed());
        RequestOutcome[] outcomes = new RequestOutcome[requests.size()];
        Map<BenchRequest, byte[]> bodies = new IdentityHashMap<>(); // nCopies workloads share one body
        ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
        Semaphore slots = new Semaphore(options.maxConcurrency());
        AtomicInteger finished = new AtomicInteger();
        long start = System.nanoTime();
        long deadline = start + options.maxDuration().toNanos();
        int sent = 0;
        try (ProgressBar bar = options.progress() ? ProgressBar.start(requests.size(), finished, start) : null) {
            List<Thread> threads = new ArrayList<>();
            for (; sent < requests.size() && System.nanoTime() < deadline; sent++) {
                waitUntil(start + arrivals[sent]);
                slots.acquire();
                BenchRequest request = requests.get(sent);
                byte[] body = bodies.computeIfAbsent(request, target::body);
                int index = sent;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        outcomes[index] = sendOne(idle, body, request.promptTokens());
                    } finally {
                        finished.incrementAndGet();
                        slots.release();
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } finally {
            idle.forEach(HttpConnection::close);
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        List<RequestOutcome> done = java.util.Arrays.asList(outcomes).subList(0, sent);
        return Reports.of(label, datasetName, options, done, wallSeconds);
    }

    private RequestOutcome sendOne(ConcurrentLinkedDeque<HttpConnection> idle, byte[] body, int promptTokens) {
        long start = System.nanoTime();
        HttpConnection connection = idle.pollFirst();
        try {
            if (connection == null) {
                connection = HttpConnection.open(target.host(), target.port());
            }
            RequestOutcome outcome = Exchange.send(connection, target, target.path(), body, promptTokens);
            if (connection.reusable()) {
                idle.addFirst(connection);
            } else {
                connection.close();
            }
            return outcome;
        } catch (IOException | RuntimeException e) {
            if (connection != null) {
                connection.close();
            }
            return RequestOutcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), System.nanoTime() - start);
        }
    }

    /** Sleeps until {@code nanoTime}; parkNanos is precise to well under a millisecond on Linux. */
    private static void waitUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
