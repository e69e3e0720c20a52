package id.jamsos.gateway.bench;

import java.lang.management.ManagementFactory;

/** CPU time of the whole bench process (every thread), for cost-per-item figures beside wall time. */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** @return nanoseconds of CPU used so far, or 0 where the JVM cannot tell */
    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
