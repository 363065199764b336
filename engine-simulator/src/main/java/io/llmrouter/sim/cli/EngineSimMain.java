package io.llmrouter.sim.cli;

import io.llmrouter.sim.SimulatedCluster;
import io.llmrouter.sim.SimulatedEngine;
import io.llmrouter.sim.kvevents.KvEventPublisher;
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
        for (int i = 0; i < cluster.size(); i++) {
            SimulatedEngine engine = cluster.engine(i);
            faults.applyTo(engine.faults());
            System.out.printf("engine-sim: %s serving %s on %s (profile %s, speedup %s, role %s)%n",
                cli.options().engine().name().toLowerCase(), cli.options().model(), engine.baseUri(),
                cli.options().profile().name(), cli.options().speedup(), cli.options().role().name().toLowerCase());
            var kv = cli.kvEventsFor(i);
            if (kv.isPresent()) {
                KvEventPublisher publisher;
                try {
                    publisher = engine.publishKvEvents(kv.get());
                } catch (RuntimeException e) { // the endpoint cannot be bound (in use, bad host)
                    System.err.println("engine-sim: cannot publish KV events on " + kv.get().endpoint() + ": " + e);
                    cluster.close();
                    System.exit(1);
                    return;
                }
                String host = kv.get().endpoint().substring(0, kv.get().endpoint().lastIndexOf(':'));
                System.out.printf("engine-sim: %s publishing KV events on %s:%d (%s encoding, %s hashes, topic '%s')%s%n",
                    engine.baseUri(), host, publisher.port(), kv.get().encoding().name().toLowerCase(),
                    kv.get().intHashes() ? "int" : "bytes", kv.get().topic(), publisher.replayPort() < 0 ? ""
                        : ", replay on " + kv.get().replayEndpoint().substring(0, kv.get().replayEndpoint().lastIndexOf(':'))
                            + ":" + publisher.replayPort());
            }
        }
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
