package io.llmrouter.adapters.k8s.manifest;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.llmrouter.domain.port.ResourceListener;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.validation.Problem;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Queues what a source delivers, so a test can wait (bounded) for the next delivery. */
final class RecordingListener implements ResourceListener {

    sealed interface Event permits Accepted, Rejected {
        String origin();
    }

    record Accepted(ResourceSet resources, List<Problem> warnings, String origin) implements Event {
    }

    record Rejected(List<Problem> errors, String origin) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void accepted(ResourceSet resources, List<Problem> warnings, String origin) {
        events.add(new Accepted(resources, warnings, origin));
    }

    @Override
    public void rejected(List<Problem> errors, String origin) {
        events.add(new Rejected(errors, origin));
    }

    /** The delivery already made, without waiting: what start() must have delivered before returning. */
    Event delivered() {
        Event e = events.poll();
        assertNotNull(e, "nothing was delivered");
        return e;
    }

    /** Waits at most five seconds for the next delivery. */
    Event next() throws InterruptedException {
        Event e = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(e, "no delivery within 5 s");
        return e;
    }

    Accepted nextAccepted() throws InterruptedException {
        return assertInstanceOf(Accepted.class, next());
    }

    Rejected nextRejected() throws InterruptedException {
        return assertInstanceOf(Rejected.class, next());
    }
}
