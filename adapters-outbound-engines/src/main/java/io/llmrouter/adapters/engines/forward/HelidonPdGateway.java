package io.llmrouter.adapters.engines.forward;

import static java.util.Objects.requireNonNull;

import io.llmrouter.adapters.engines.forward.HelidonEngineGateway.Answer;
import io.llmrouter.adapters.engines.forward.PdBodies.TokenLimit;
import io.llmrouter.domain.inference.ForwardResult;
import io.llmrouter.domain.inference.UpstreamCall;
import io.llmrouter.domain.pd.KvConnector;
import io.llmrouter.domain.pd.PairCall;
import io.llmrouter.domain.pd.PairResult;
import io.llmrouter.domain.pd.PdRole;
import io.llmrouter.domain.port.PdGateway;
import io.llmrouter.domain.port.ResponseSink;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The KV connectors: each drives one prefill/decode pair through its protocol over the same pooled
 * connections, timeouts and relay as {@link HelidonEngineGateway} (whose decode leg is an ordinary
 * forward with the connector's body). Sequences (reference: second-wave.md §2d):
 *
 * <ul>
 *   <li><b>http / lmcache</b>: prefill ({@link PdBodies#prefill}: no stream, token limit 1); wait for
 *       2xx; decode with the original body.</li>
 *   <li><b>nixl</b>, and <b>mooncake</b> in Kthena's flow: the prefill also gets
 *       {@code "kv_transfer_params":{"do_remote_decode":true,"do_remote_prefill":false}}; the prefill
 *       answer's {@code kv_transfer_params} go verbatim into the decode body ({@code null}, counted,
 *       when it has none: the decode pod then recomputes the prompt).</li>
 *   <li><b>mooncake</b> with {@code mooncakeTransferId}: the vLLM MooncakeConnector handshake: a
 *       router-minted {@code transfer_id} on both legs, the decode's parameters synthesised
 *       ({@code remote_engine_id} from the prefill answer, else the prefill pod's address;
 *       {@code remote_bootstrap_addr} the prefill pod's {@code http://host:port}).</li>
 *   <li><b>sglang</b>: the decode body plus {@code bootstrap_host} (prefill pod), {@code bootstrap_port}
 *       and a uniformly random {@code bootstrap_room} to both legs, at once; a failed decode cancels
 *       the prefill, a failed prefill the decode (if nothing reached the client). Kthena mode: the
 *       prefill body with {@code max_tokens} 1 plus the room; the decode gets room and host, no port.</li>
 * </ul>
 * Both legs carry the client's headers and the same {@code x-request-id}. A prefill 4xx goes to the
 * client as it is; a prefill 5xx, refusal or timeout is a {@link PairResult.PrefillFailed}.
 */
public final class HelidonPdGateway implements PdGateway {

    private static final System.Logger LOG = System.getLogger(HelidonPdGateway.class.getName());

    private final HelidonEngineGateway engines;
    private final RandomGenerator random;
    private final Supplier<String> transferIds;
    /** Prefill answers without {@code kv_transfer_params} (NIXL / Mooncake); lock-free counter for metrics. */
    private final AtomicLong missingKvParams = new AtomicLong();

    public HelidonPdGateway(HelidonEngineGateway engines) {
        this(engines, java.util.concurrent.ThreadLocalRandom.current(), HelidonPdGateway::transferId);
    }

    HelidonPdGateway(HelidonEngineGateway engines, RandomGenerator random, Supplier<String> transferIds) {
        this.engines = requireNonNull(engines, "'engines' must not be null");
        this.random = requireNonNull(random, "'random' must not be null");
        this.transferIds = requireNonNull(transferIds, "'transferIds' must not be null");
    }

    public long missingKvTransferParams() {
        return missingKvParams.get();
    }

    @Override
    public PairResult forward(PairCall call, ResponseSink sink) {
        return switch (call.connector()) {
            case HTTP, LMCACHE -> sequential(call, sink, "", Handoff.NONE);
            case NIXL -> sequential(call, sink, NIXL_PREFILL, Handoff.COPY);
            case MOONCAKE -> call.settings().mooncakeTransferId() ? mooncake(call, sink)
                    : sequential(call, sink, NIXL_PREFILL, Handoff.COPY);
            case SGLANG -> sglang(call, sink);
        };
    }

    static final String NIXL_PREFILL = "\"kv_transfer_params\":{\"do_remote_decode\":true,\"do_remote_prefill\":false}";

    /** What the decode body gets from the prefill answer. */
    private enum Handoff { NONE, COPY }

    /** The prefill leg's answer, or the result the pair ends with when the prefill refused or failed. */
    private record Prefilled(Answer answer, PairResult refused) {
    }

    /** The prefill leg of the sequential connectors (http, lmcache, nixl, mooncake): one traced exchange. */
    private Prefilled prefill(PairCall call, ResponseSink sink, byte[] prefillBody) {
        Answer answer;
        ForwardResult[] failure = {null};
        try (PairCall.Leg leg = call.legs().start(PdRole.PREFILL)) {
            answer = engines.exchange(call.prefill().withTraceparent(leg.traceparent()), OutboundBody.of(prefillBody), sink,
                    new LegHandle(), failure);
            leg.ended(answer == null ? 0 : answer.status(), answer == null ? word(failure[0]) : "ok");
        }
        return new Prefilled(answer, refusal(answer, failure[0], sink));
    }

    private PairResult sequential(PairCall call, ResponseSink sink, String prefillExtra, Handoff handoff) {
        byte[] prefillBody = prefillBody(call.prefill(), TokenLimit.OPENAI, prefillExtra);
        Prefilled prefilled = prefill(call, sink, prefillBody);
        if (prefilled.refused() != null) {
            return prefilled.refused();
        }
        Answer answer = prefilled.answer();
        String decodeExtra = "";
        boolean missing = false;
        if (handoff == Handoff.COPY) {
            String params = PdBodies.member(answer.body(), "kv_transfer_params");
            missing = params == null;
            if (missing) {
                missingKvParams.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "prefill " + call.prefill().authority() + " answered request "
                        + call.prefill().request().requestId() + " without kv_transfer_params; the decode pod recomputes");
            }
            decodeExtra = "\"kv_transfer_params\":" + (missing ? "null" : params);
        }
        return new PairResult.Decoded(decode(call, sink, decodeBody(call.decode(), decodeExtra), new LegHandle()),
                missing);
    }

    private PairResult mooncake(PairCall call, ResponseSink sink) {
        String transferId = transferIds.get();
        String prefillExtra = "\"kv_transfer_params\":{\"do_remote_decode\":true,\"do_remote_prefill\":false,"
                + "\"transfer_id\":" + PdBodies.quote(transferId) + "}";
        byte[] prefillBody = prefillBody(call.prefill(), TokenLimit.OPENAI, prefillExtra);
        Prefilled prefilled = prefill(call, sink, prefillBody);
        if (prefilled.refused() != null) {
            return prefilled.refused();
        }
        Answer answer = prefilled.answer();
        String engineId = null;
        String returned = PdBodies.member(answer.body(), "kv_transfer_params");
        if (returned != null) {
            engineId = PdBodies.member(returned.getBytes(java.nio.charset.StandardCharsets.UTF_8), "remote_engine_id");
        }
        String decodeExtra = "\"kv_transfer_params\":{\"do_remote_decode\":false,\"do_remote_prefill\":true,"
                + "\"transfer_id\":" + PdBodies.quote(transferId) + ",\"remote_engine_id\":"
                + (engineId != null ? engineId : PdBodies.quote(call.prefill().authority()))
                + ",\"remote_bootstrap_addr\":" + PdBodies.quote("http://" + call.prefill().authority()) + "}";
        return new PairResult.Decoded(decode(call, sink, decodeBody(call.decode(), decodeExtra), new LegHandle()), false);
    }

    /**
     * SGLang: both legs at once. The prefill runs on a virtual thread; the decode streams on this one.
     * Whichever fails first cancels the other while nothing has reached the client.
     */
    private PairResult sglang(PairCall call, ResponseSink sink) {
        long room = random.nextLong() & Long.MAX_VALUE;
        boolean kthena = call.settings().sglangKthenaMode();
        String host = PdBodies.quote(call.prefill().host());
        String roomField = "\"bootstrap_room\":" + room;
        byte[] prefillBody;
        String decodeExtra;
        if (kthena) {
            prefillBody = prefillBody(call.prefill(), TokenLimit.KTHENA, roomField);
            decodeExtra = roomField + ",\"bootstrap_host\":" + host;
        } else {
            decodeExtra = "\"bootstrap_host\":" + host + ",\"bootstrap_port\":" + call.settings().sglangBootstrapPort()
                    + "," + roomField;
            prefillBody = decodeBody(call.prefill(), decodeExtra);
        }
        byte[] decodeBody = decodeBody(call.decode(), decodeExtra);
        LegHandle prefillHandle = new LegHandle();
        LegHandle decodeHandle = new LegHandle();
        ForwardResult[] failure = {null};
        PairCall.Leg prefillLeg = call.legs().start(PdRole.PREFILL);
        CompletableFuture<Answer> prefill = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean prefillFailedFirst = new java.util.concurrent.atomic.AtomicBoolean();
        Thread.ofVirtual().name("pd-prefill-" + call.prefill().request().requestId()).start(() -> {
            Answer a = null;
            RuntimeException thrown = null;
            try {
                a = engines.exchange(call.prefill().withTraceparent(prefillLeg.traceparent()), OutboundBody.of(prefillBody), sink,
                        prefillHandle, failure);
                prefillLeg.ended(a == null ? 0 : a.status(), a == null ? word(failure[0]) : "ok");
                if ((a == null || a.status() >= 300) && !prefillHandle.cancelled() && !sink.committed()) {
                    prefillFailedFirst.set(true);
                    decodeHandle.cancel(); // the decode would wait for a KV cache that never comes
                }
            } catch (RuntimeException e) {
                thrown = e;
            } finally {
                prefillLeg.close(); // before completing: the caller reads the leg's timing once this completes
            }
            if (thrown != null) {
                prefill.completeExceptionally(thrown);
            } else {
                prefill.complete(a);
            }
        });
        ForwardResult decoded = decode(call, sink, decodeBody, decodeHandle);
        boolean decodeOk = decoded instanceof ForwardResult.Relayed r && r.complete();
        if (!decodeOk) {
            prefillHandle.cancel();
        }
        Answer answer = await(prefill, call.prefill().headerTimeout().orElse(Duration.ofSeconds(30)), prefillHandle);
        if (prefillFailedFirst.get() && !sink.committed()) {
            // the prefill failed first and took the decode down with it: a prefill failure, or its 4xx
            PairResult refused = refusal(answer, failure[0] == null ? decoded : failure[0], sink);
            if (refused != null) {
                return refused;
            }
        }
        return new PairResult.Decoded(decoded, false);
    }

    private static Answer await(CompletableFuture<Answer> prefill, Duration limit, LegHandle handle) {
        try {
            return prefill.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            handle.cancel();
            return prefill.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.cancel();
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }

    private ForwardResult decode(PairCall call, ResponseSink sink, byte[] body, LegHandle handle) {
        try (PairCall.Leg leg = call.legs().start(PdRole.DECODE)) {
            ForwardResult result = engines.forward(call.decode().withTraceparent(leg.traceparent()), OutboundBody.of(body), sink,
                    handle);
            leg.ended(status(result), word(result));
            return result;
        }
    }

    /**
     * Null when the prefill succeeded (2xx); otherwise what the pair ends with: a 4xx relayed to the
     * client as it is, anything else a prefill failure.
     */
    private static PairResult refusal(Answer answer, ForwardResult failure, ResponseSink sink) {
        if (answer == null) {
            return new PairResult.PrefillFailed(failure == null
                    ? new ForwardResult.ConnectFailed("prefill gave no answer") : failure);
        }
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return null;
        }
        if (status >= 500 || status < 200) {
            return new PairResult.PrefillFailed(new ForwardResult.ServerError(status, answer.headers(), answer.body()));
        }
        try {
            var headers = answer.headers().stream().filter(h -> !h.is("content-length") && !h.is("transfer-encoding"))
                    .toList();
            sink.start(status, headers);
            sink.write(answer.body(), 0, answer.body().length);
            sink.flush();
        } catch (ResponseSink.ClientGoneException e) {
            return new PairResult.PrefillFailed(new ForwardResult.ClientGone());
        }
        return new PairResult.PrefillRejected(new ForwardResult.Relayed(status, true));
    }

    private static byte[] prefillBody(UpstreamCall call, TokenLimit rule, String extra) {
        return PdBodies.prefill(BodyRewriter.withModelOnly(call.request().body(), call.modelOverride()),
                call.request().path(), rule, extra);
    }

    private static byte[] decodeBody(UpstreamCall call, String extra) {
        return PdBodies.appendMembers(BodyRewriter.rewrite(call.request().body(), call.modelOverride()), extra);
    }

    private static int status(ForwardResult r) {
        return switch (r) {
            case ForwardResult.Relayed x -> x.status();
            case ForwardResult.ServerError x -> x.status();
            default -> 0;
        };
    }

    private static String word(ForwardResult r) {
        if (r == null) {
            return "no_result";
        }
        return switch (r) {
            case ForwardResult.Relayed x -> x.complete() ? "ok" : "broken";
            case ForwardResult.ServerError x -> "server_error";
            case ForwardResult.ConnectFailed x -> "connect_failed";
            case ForwardResult.TimedOut x -> "timed_out";
            case ForwardResult.ClientGone x -> "client_gone";
            case ForwardResult.ShutDown x -> "shut_down";
        };
    }

    /** {@code xfer-} and a UUIDv7 (time-ordered, so transfers sort by when they began in engine logs). */
    static String transferId() {
        long millis = System.currentTimeMillis();
        var r = java.util.concurrent.ThreadLocalRandom.current();
        long msb = (millis << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return "xfer-" + new UUID(msb, lsb);
    }
}
