package io.llmrouter.bench.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.bench.scenario.ClientLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/bench routing --virtual} at 1/16 of the blog's scale (16 groups × 8, 64 output tokens):
 * virtual time, so the ratios are the same on every run (seed 1).
 */
class VirtualRoutingTest {

    private static final RoutingScale SMALL = RoutingScale.ofBlog(16, 8, 64, 1);

    private static ClientLoop.Result row(VirtualRouting.Table t, String label) {
        for (int i = 0; i < t.rows().size(); i++) {
            if (t.rows().get(i).label().equals(label)) {
                return t.results().get(i);
            }
        }
        throw new AssertionError("no row " + label);
    }

    @Test
    void run_blogLongVariant_routerRowsAheadOfKthenasAndTheTableCarriesTheBlogsNumbers() {
        List<VirtualRouting.Table> tables = VirtualRouting.run(SMALL, BlogProfile.NAME, List.of("blog"),
                List.of(Variant.LONG), 1);
        VirtualRouting.Table t = tables.getFirst();
        ClientLoop.Result routerDefault = row(t, RoutingRow.LR_PREFIX);
        ClientLoop.Result kthena = row(t, RoutingRow.LR_PREFIX_KTHENA);
        ClientLoop.Result random = row(t, RoutingRow.RANDOM);
        ClientLoop.Result oracle = row(t, RoutingRow.ORACLE);
        t.results().forEach(r -> assertEquals(1.0, r.successRate(), r.policy()));
        assertTrue(routerDefault.requestsPerSecond() > kthena.requestsPerSecond(), "default vs Kthena's");
        assertTrue(routerDefault.requestsPerSecond() > random.requestsPerSecond(), "default vs random");
        assertTrue(oracle.requestsPerSecond() > random.requestsPerSecond(), "oracle vs random");
        // learning at dispatch keeps groups together; learning after the response scatters them
        assertTrue(routerDefault.replicasPerGroup() < kthena.replicasPerGroup());
        String md = VirtualRouting.markdown(tables, SMALL, BlogProfile.NAME);
        assertTrue(md.contains("| Random | "), md);
        assertTrue(md.contains("| 11.81 |"), "blog number beside Random");
        assertTrue(VirtualRouting.ratioLine(t).matches("blog-long: best/random \\d+\\.\\d\\d, best/oracle \\d+\\.\\d\\d,"
                + " best/kthena \\d+\\.\\d\\d .*"), VirtualRouting.ratioLine(t));
        assertTrue(VirtualRouting.jsonLines(tables).lines().count() == t.rows().size());
        assertTrue(VirtualRouting.svg(t).startsWith("<svg"));
    }

    @Test
    void run_loraMix_twoSlotsPerReplicaAndEveryRequestServed() {
        VirtualRouting.Table t = VirtualRouting.run(SMALL, BlogProfile.NAME, List.of("lora"), List.of(), 1).getFirst();
        assertEquals(2, t.config().maxLoras());
        t.results().forEach(r -> assertEquals(1.0, r.successRate(), r.policy()));
        // the oracle pins each adapter to one replica: fewer adapter loads than random's
        assertTrue(row(t, "static affinity (oracle: group mod 3)").loraLoads() < row(t, RoutingRow.RANDOM).loraLoads());
    }

    @Test
    void staticShares_zipfOver256Groups_groupModThreeOverloadsReplicaZero() {
        double[] shares = RoutingWorkloads.staticShares(256, 3);
        assertEquals(1.0, shares[0] + shares[1] + shares[2], 1e-9);
        assertTrue(shares[0] > 0.43 && shares[0] < 0.44, "replica 0 share " + shares[0]);
    }
}
