package id.jamsos.gateway.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of the whole process (the measuring thread, the JIT compilers, the collector, every
 * gateway thread): on a machine shared with other work, wall time also counts the time the process
 * waited for a core, which hits the longer of two runs harder; CPU time does not.
 */
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
