package io.llmrouter.bench.jmh;

import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the scheduler microbenchmarks with short settings that still give stable medians on a small
 * machine: one fork, 3 × 1 s warm-up, 5 × 1 s measurement. Results also go to
 * {@code target/jmh-results.json}.
 *
 * <pre>java -cp … io.llmrouter.bench.jmh.RunJmh [regex, default: both benchmarks]</pre>
 * For longer or different runs, JMH's own command line works on the same class path:
 * {@code java -cp … org.openjdk.jmh.Main DecisionBenchmark -f 2 -wi 5 -i 10}.
 */
public final class RunJmh {

    private RunJmh() {
    }

    public static void main(String[] args) throws RunnerException {
        String include = args.length > 0 ? args[0] : "io\\.llmrouter\\.bench\\.jmh\\.(Decision|Hashing)Benchmark";
        Options options = new OptionsBuilder()
                .include(include)
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx4g")
                .resultFormat(ResultFormatType.JSON)
                .result("target/jmh-results.json")
                .build();
        new Runner(options).run();
    }
}
