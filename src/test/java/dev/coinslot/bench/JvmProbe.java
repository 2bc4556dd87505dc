package dev.coinslot.bench;

import com.sun.tools.attach.VirtualMachine;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads another JVM (a function process) through the Attach API and its local JMX agent: process CPU time, bytes
 * allocated by all its threads, and JFR recordings started and stopped by diagnostic command. Attaching happens after
 * the cold-start measurements, so it does not disturb them.
 */
final class JvmProbe implements AutoCloseable {

    private final JMXConnector connector;
    private final com.sun.management.OperatingSystemMXBean os;
    private final com.sun.management.ThreadMXBean threads;
    private final MBeanServerConnection server;

    private JvmProbe(JMXConnector connector) throws Exception {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
        this.os = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME,
                com.sun.management.OperatingSystemMXBean.class);
        this.threads = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.THREAD_MXBEAN_NAME,
                com.sun.management.ThreadMXBean.class);
    }

    static JvmProbe attach(long pid) {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                String url = vm.startLocalManagementAgent();
                return new JvmProbe(JMXConnectorFactory.connect(new JMXServiceURL(url)));
            } finally {
                vm.detach();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot attach to " + pid, e);
        }
    }

    /** A reading of the counters; subtract two to get the cost of what happened in between. */
    record Counters(long cpuNanos, long allocatedBytes) {
        Counters minus(Counters earlier) {
            return new Counters(cpuNanos - earlier.cpuNanos, allocatedBytes - earlier.allocatedBytes);
        }
    }

    Counters read() {
        return new Counters(os.getProcessCpuTime(), threads.getTotalThreadAllocatedBytes());
    }

    void startRecording(String name, Path file) {
        jcmd("jfrStart", "name=" + name, "settings=profile", "filename=" + file.toAbsolutePath());
    }

    /** Stops a recording started here or by {@code -XX:StartFlightRecording:name=...} and writes it to {@code file}. */
    void stopRecording(String name, Path file) {
        jcmd("jfrStop", "name=" + name, "filename=" + file.toAbsolutePath());
    }

    private void jcmd(String operation, String... args) {
        try {
            server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
                    new Object[] {args}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            throw new IllegalStateException(operation + " failed", e);
        }
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (Exception ignored) {
            // the process is about to be stopped anyway
        }
    }
}
