package id.jamsos.gateway.intake;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that put a file's enrollment jobs on the queue. A persistent send waits until the broker
 * has the job on disk; several sends in flight let the broker write them together, so queueing a
 * large file is not one disk sync per job. The queue in front of the threads is short and a full
 * queue makes the intake thread send itself, so reading the file never runs far ahead of the
 * sending (memory stays bounded whatever the file's size).
 */
public final class IntakeSendPool extends ThreadPoolExecutor {

    public IntakeSendPool(int threads) {
        super(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, threads * 2)),
                named(), new CallerRunsPolicy());
        allowCoreThreadTimeOut(true);
    }

    private static ThreadFactory named() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "jamsos-intake-send-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
