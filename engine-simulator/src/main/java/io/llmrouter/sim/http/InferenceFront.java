package io.llmrouter.sim.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;

/**
 * The steps every inference endpoint of every personality shares: record the request, apply the
 * per-request faults, answer errors in the personality's shape, and start a generation after
 * the PD hand-off delay.
 */
final class InferenceFront {

    private final ServingContext context;
    private final ErrorFormat errors;

    InferenceFront(ServingContext context, ErrorFormat errors) {
        this.context = context;
        this.errors = errors;
    }

    ServingContext context() {
        return context;
    }

    /** Reads and records the body; null when an injected error already answered the request. */
    String accept(ServerRequest req, ServerResponse res) {
        String body = req.content().as(String.class);
        context.received(req, body);
        context.sleepWall(context.faults().drawLatencySpike());
        int status = context.faults().drawErrorStatus();
        if (status == 0) {
            return body;
        }
        fail(res, status, "Injected fault: the simulated engine failed this request.");
        return null;
    }

    void fail(ServerResponse res, int requestedStatus, String message) {
        // TGI answers every validation problem (bad JSON included) with 422
        int status = errors == ErrorFormat.TGI && requestedStatus == 400 ? 422 : requestedStatus;
        context.failed();
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(errors.body(status, message));
    }

    /** Submits the request; a decode-role request first waits for its simulated KV transfer. */
    Generation start(PdPlan pd, String id) {
        if (pd.kvTransferred()) {
            // proportional to the prompt's blocks: KV moves in whole blocks
            long nanos = context.engine().withCore(core -> {
                int block = core.profile().blockSize();
                int blocks = (pd.request().prompt().length + block - 1) / block;
                return core.timing().kvTransferNanos(blocks * block);
            });
            context.sleepSimulated(Duration.ofNanos(nanos));
        }
        return Generation.submit(context, pd.request(), id, pd.kvTransferred());
    }

    long created() {
        return (long) context.engine().withCore(core -> core.clock()).unixSeconds();
    }

    int cutStreamAfter() {
        return context.faults().settings().cutStreamAfter();
    }
}
