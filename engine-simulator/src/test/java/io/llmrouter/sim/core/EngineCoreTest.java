package io.llmrouter.sim.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.virtual.VirtualTimeLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The engine core driven in virtual time: exact, deterministic, no sleeping. */
class EngineCoreTest {

    private static final Profile H100 = Profiles.named("h100-7b");

    /** Token ids 1000..1000+n-1 after an optional shared prefix of the same shape. */
    static int[] prompt(int n, int offset) {
        return IntStream.range(0, n).map(i -> 1000 + offset + i).toArray();
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = new int[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static GenerationRequest request(String id, int[] prompt, int maxTokens, String adapter) {
        return new GenerationRequest(id, prompt, maxTokens, FinishReason.LENGTH, adapter, 7, false, TokenSink.NONE);
    }

    /** Runs one request alone on a fresh loop after an optional warm-up request; returns the request. */
    private static SimRequest runAfter(Profile profile, int[] warmup, int[] prompt) {
        VirtualTimeLoop loop = new VirtualTimeLoop(profile, 1, 1, 4);
        if (warmup != null) {
            loop.at(0, () -> loop.core(0).submit(request("warm", warmup, 1, null)));
            loop.run();
        }
        SimRequest[] measured = new SimRequest[1];
        loop.at(loop.clock().nowNanos(), () -> measured[0] = loop.core(0).submit(request("m", prompt, 4, null)));
        loop.run();
        return measured[0];
    }

    private static long ttft(SimRequest r) {
        return r.firstTokenNanos() - r.arrivalNanos();
    }

    @Test
    void submit_fullyCached32TokenPrompt_reports16CachedTokens() {
        int[] prompt = prompt(32, 0);
        SimRequest second = runAfter(H100, prompt, prompt);
        // hit capped at n-1 = 31 tokens, rounded down to whole 16-token blocks
        assertEquals(16, second.cachedTokens());
    }

    @Test
    void prefixCounters_twoIdentical32TokenPrompts_countTokens() {
        VirtualTimeLoop loop = new VirtualTimeLoop(H100, 1, 1, 4);
        List<int[]> lookups = new ArrayList<>();
        loop.core(0).addObserver(new EngineObserver() {
            @Override
            public void prefixLookup(SimRequest request, int queried, int hit) {
                lookups.add(new int[] {queried, hit});
            }
        });
        loop.at(0, () -> loop.core(0).submit(request("a", prompt(32, 0), 1, null)));
        loop.at(1_000_000_000L, () -> loop.core(0).submit(request("b", prompt(32, 0), 1, null)));
        loop.run();
        assertEquals(32, lookups.get(0)[0]);
        assertEquals(0, lookups.get(0)[1]);
        assertEquals(32, lookups.get(1)[0]);
        assertEquals(16, lookups.get(1)[1]);
    }

    @Test
    void kvUsage_runningRequest_isUsedBlocksOverCapacity() {
        EngineCore core = new EngineCore(H100.withNumGpuBlocks(100), new io.llmrouter.sim.clock.VirtualClock(), 1, 4);
        core.submit(request("a", prompt(40, 0), 10, null));
        core.planStep();
        // 40 prompt tokens need ceil(40 / 16) = 3 blocks
        assertEquals(0.03, core.snapshot().kvUsage(), 1e-12);
        assertEquals(3, core.snapshot().usedBlocks());
    }

    @Test
    void ttft_growsWithUncachedTokensNotCachedOnes() {
        int[] system = prompt(4096, 0);
        int[] question = prompt(128, 50_000);
        long cold = ttft(runAfter(H100, null, concat(system, question)));
        long warm = ttft(runAfter(H100, concat(system, prompt(128, 60_000)), concat(system, question)));
        long half = ttft(runAfter(H100, null, concat(prompt(2048, 0), question)));
        assertTrue(warm < half && half < cold, "warm " + warm + " < half " + half + " < cold " + cold);
        // cold pays prefill for 4224 tokens: 20 ms + 4224 / 30k s ≈ 160.8 ms, in one 8192-token step
        assertEquals(160.8, cold / 1e6, 0.1);
    }

    @Test
    void schedule_blocksRunOut_preemptsAndStillCompletesAll() {
        // 24 blocks = 384 tokens; four requests of 64 + 100 tokens need 4 x 11 = 44 blocks at the end
        Profile tiny = H100.withNumGpuBlocks(24);
        VirtualTimeLoop loop = new VirtualTimeLoop(tiny, 1, 1, 4);
        List<SimRequest> requests = new ArrayList<>();
        loop.at(0, () -> {
            for (int i = 0; i < 4; i++) {
                requests.add(loop.core(0).submit(request("r" + i, prompt(64, i * 100), 100, null)));
            }
        });
        loop.run();
        assertTrue(requests.stream().mapToInt(SimRequest::preemptions).sum() > 0);
        assertTrue(requests.stream().allMatch(r -> r.outputTokens() == 100));
        assertEquals(0, loop.core(0).cache().usedBlocks());
    }

    @Test
    void schedule_promptLongerThanBudget_prefillsInChunks() {
        VirtualTimeLoop loop = new VirtualTimeLoop(H100, 1, 1, 4);
        List<StepPlan> steps = new ArrayList<>();
        loop.core(0).addObserver(new EngineObserver() {
            @Override
            public void stepFinished(StepPlan step) {
                steps.add(step);
            }
        });
        loop.at(0, () -> loop.core(0).submit(request("long", prompt(20_000, 0), 2, null)));
        loop.run();
        // 20,000 tokens at 8,192 per step: 8192 + 8192 + 3616, then one decode step
        assertEquals(List.of(8192, 8192, 3616, 0), steps.stream().map(StepPlan::prefillTokens).toList());
        assertEquals(1, steps.get(3).decodeSeqs());
    }

    @Test
    void adapter_samePromptAsBase_doesNotHitBaseBlocks() {
        VirtualTimeLoop loop = new VirtualTimeLoop(H100, 1, 1, 4);
        SimRequest[] lora = new SimRequest[1];
        loop.at(0, () -> loop.core(0).submit(request("base", prompt(64, 0), 1, null)));
        loop.at(1_000_000_000L, () -> lora[0] = loop.core(0).submit(request("lora", prompt(64, 0), 1, "sql-lora")));
        loop.run();
        assertEquals(0, lora[0].cachedTokens());
    }

    @Test
    void loraSlots_moreAdaptersThanSlots_runsAtMostMaxLorasAtOnce() {
        VirtualTimeLoop loop = new VirtualTimeLoop(H100, 1, 1, 1);
        int[] maxDistinct = new int[1];
        loop.core(0).addObserver(new EngineObserver() {
            @Override
            public void stepFinished(StepPlan step) {
                long distinct = step.requests().stream().map(SimRequest::adapter).distinct().count();
                maxDistinct[0] = (int) Math.max(maxDistinct[0], distinct);
            }
        });
        loop.at(0, () -> {
            loop.core(0).submit(request("a", prompt(32, 0), 20, "lora-a"));
            loop.core(0).submit(request("b", prompt(32, 0), 20, "lora-b"));
        });
        loop.run();
        assertEquals(1, maxDistinct[0]);
    }

    @Test
    void run_sameSeed_sameTimings() {
        long first = ttft(runAfter(H100.withJitter(0.1), prompt(500, 0), prompt(900, 0)));
        long second = ttft(runAfter(H100.withJitter(0.1), prompt(500, 0), prompt(900, 0)));
        assertEquals(first, second);
    }

    @Test
    void decodeStep_batchOfOne_matchesD4Estimate() {
        StepTimeModel model = new StepTimeModel(H100, 1);
        // 1.5 ms + 14 GB / (0.75 x 3.35 TB/s) = 1.5 + 5.572 ms, plus 1k context x 56 KiB ≈ 0.023 ms
        assertEquals(7.095, model.decodeMs(1, 1000), 0.01);
    }

    @Test
    void abort_betweenPlanAndComplete_stepSkipsRequestAndBlocksAreFree() {
        // interleaving: engine plans a step, the client disconnects (abort), then the step completes
        EngineCore core = new EngineCore(H100.withNumGpuBlocks(100), new io.llmrouter.sim.clock.VirtualClock(), 1, 4);
        List<Integer> tokens = new ArrayList<>();
        SimRequest request = core.submit(new GenerationRequest("a", prompt(40, 0), 5, FinishReason.LENGTH, null, 1,
            false, new TokenSink() {
                @Override
                public void onToken(SimRequest r, int index, int tokenId, String text) {
                    tokens.add(index);
                }

                @Override
                public void onFinish(SimRequest r, FinishReason reason) {
                    tokens.add(reason == FinishReason.ABORT ? -1 : -2);
                }
            }));
        StepPlan plan = core.planStep();
        core.abort(request);
        core.completeStep(plan);
        assertEquals(List.of(-1), tokens);
        assertEquals(0, core.cache().usedBlocks());
        assertEquals(false, core.hasWork());
    }

    @Test
    void abort_afterFinish_isIgnored() {
        // interleaving: the last token is written, then the handler's cleanup aborts anyway
        EngineCore core = new EngineCore(H100, new io.llmrouter.sim.clock.VirtualClock(), 1, 4);
        int[] finishes = new int[1];
        SimRequest request = core.submit(new GenerationRequest("a", prompt(8, 0), 1, FinishReason.LENGTH, null, 1,
            false, new TokenSink() {
                @Override
                public void onToken(SimRequest r, int index, int tokenId, String text) {
                }

                @Override
                public void onFinish(SimRequest r, FinishReason reason) {
                    finishes[0]++;
                }
            }));
        core.completeStep(core.planStep());
        core.abort(request);
        assertEquals(1, finishes[0]);
    }

    @Test
    void loraLoad_firstStepOfAdapter_paysLoadOnce() {
        VirtualTimeLoop loop = new VirtualTimeLoop(H100, 1, 1, 2);
        List<StepPlan> steps = new ArrayList<>();
        loop.core(0).addObserver(new EngineObserver() {
            @Override
            public void stepFinished(StepPlan step) {
                steps.add(step);
            }
        });
        loop.at(0, () -> loop.core(0).submit(request("a", prompt(32, 0), 3, "sql-lora")));
        loop.at(1_000_000_000L, () -> loop.core(0).submit(request("b", prompt(32, 500), 1, "sql-lora")));
        loop.run();
        assertEquals(List.of(1, 0, 0, 0), steps.stream().map(StepPlan::loraLoads).toList());
        // 20 ms overhead + 32 / 30k s + 8 ms load = 29.07 ms
        assertEquals(29.07, steps.get(0).durationNanos() / 1e6, 0.01);
    }
}
