package id.jamsos.gateway.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Peak heap of one measured run. {@link #reset()} at the start sets every heap pool's peak back to
 * its current usage; {@link #peakMib()} at the end is the sum of the heap pools' peak usage since.
 * The pools (eden, survivor, old) peak at different moments, so the sum is an upper bound of the
 * real high-water mark; eden's share mostly reflects how large the collector chose to make it.
 * {@link #oldPeakMib()} is the old generation alone: what survived collections, the figure that
 * would grow if the gateway held on to a file's rows.
 */
public final class HeapMeter {

    private HeapMeter() {
    }

    public static void reset() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak usage since the last {@link #reset()} (or JVM start), in MiB. */
    public static double peakMib() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                MemoryUsage peak = pool.getPeakUsage();
                if (peak != null) {
                    sum += peak.getUsed();
                }
            }
        }
        return sum / 1048576.0;
    }

    /** Peak usage of the old (tenured) generation pool, in MiB; 0 when the collector has none. */
    public static double oldPeakMib() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP && pool.isValid()
                    && (name.contains("Old") || name.contains("Tenured"))) {
                MemoryUsage peak = pool.getPeakUsage();
                return peak == null ? 0 : peak.getUsed() / 1048576.0;
            }
        }
        return 0;
    }

    public static double maxMib() {
        return Runtime.getRuntime().maxMemory() / 1048576.0;
    }
}
