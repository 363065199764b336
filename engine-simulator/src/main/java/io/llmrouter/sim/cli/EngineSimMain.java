package io.llmrouter.sim.cli;

import io.llmrouter.sim.SimulatedCluster;
import io.llmrouter.sim.SimulatedEngine;
import java.util.concurrent.CountDownLatch;

/** Entry point of {@code bin/engine-sim}: starts the instances and serves until interrupted. */
public final class EngineSimMain {

    private EngineSimMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        CliArgs cli;
        try {
            cli = CliArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("engine-sim: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (cli.help()) {
            System.out.print(CliArgs.USAGE);
            return;
        }
        FaultSpec faults = FaultSpec.parse(cli.faults());
        SimulatedCluster cluster = SimulatedCluster.start(cli.options(), cli.replicas());
        for (SimulatedEngine engine : cluster.engines()) {
            faults.applyTo(engine.faults());
            System.out.printf("engine-sim: %s serving %s on %s (profile %s, speedup %s, role %s)%n",
                cli.options().engine().name().toLowerCase(), cli.options().model(), engine.baseUri(),
                cli.options().profile().name(), cli.options().speedup(), cli.options().role().name().toLowerCase());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
