package io.llmrouter.bench.harness;

import com.sun.tools.attach.VirtualMachine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Heap bytes a JVM child process has allocated so far: {@code TotalThreadAllocatedBytes} of its
 * threading MXBean, which counts every thread since start, dead ones included (virtual threads
 * allocate in their carrier's buffers, so they are counted too). The difference over a cell divided
 * by its requests is the allocation per request.
 *
 * <p>The reading is done by a small probe process ({@link #main}) attached by pid to the JVM's local
 * management agent, so the process under test needs no flag. It runs apart from the benchmark
 * because the benchmark's JVM hosts Helidon (the simulated engine), whose process-wide
 * deserialization filter rejects the JMX client's answers.
 */
public final class JvmAllocation implements AutoCloseable {

    private final Process probe;
    private final Writer requests;
    private final BufferedReader answers;

    private JvmAllocation(Process probe) {
        this.probe = probe;
        this.requests = new java.io.OutputStreamWriter(probe.getOutputStream(), StandardCharsets.US_ASCII);
        this.answers = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** A probe on this JVM's classpath; it attaches to each pid the first time that pid is asked for. */
    public static JvmAllocation startProbe() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                JvmAllocation.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new JvmAllocation(probe);
    }

    /** Bytes {@code pid} has allocated since it started, or NaN when it cannot be read; one caller at a time. */
    public double totalBytes(long pid) {
        try {
            requests.write(pid + "\n");
            requests.flush();
            String answer = answers.readLine();
            return answer == null ? Double.NaN : Double.parseDouble(answer);
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        probe.destroy();
    }

    /** The probe: reads pids, one per line, and answers each with its allocated bytes (or NaN). */
    public static void main(String[] args) throws IOException {
        ObjectName threading;
        try {
            threading = new ObjectName("java.lang:type=Threading");
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
        Map<String, MBeanServerConnection> attached = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        PrintStream out = System.out;
        String pid;
        while ((pid = in.readLine()) != null) {
            try {
                MBeanServerConnection server = attached.get(pid);
                if (server == null) {
                    VirtualMachine vm = VirtualMachine.attach(pid.trim());
                    try {
                        server = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()))
                                .getMBeanServerConnection();
                    } finally {
                        vm.detach();
                    }
                    attached.put(pid, server);
                }
                out.println(((Number) server.getAttribute(threading, "TotalThreadAllocatedBytes")).longValue());
            } catch (Exception e) {
                System.err.println("allocation probe: pid " + pid + ": " + e);
                out.println("NaN");
            }
            out.flush();
        }
    }
}
