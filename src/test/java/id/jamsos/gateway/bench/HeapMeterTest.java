package id.jamsos.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapMeterTest {

    @Test
    void peakCoversAnAllocationAndResetForgetsOlderPeaks() {
        HeapMeter.reset();
        double before = HeapMeter.peakMib();
        byte[][] chunks = new byte[16][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new byte[1 << 20];
        }
        double after = HeapMeter.peakMib();
        assertThat(chunks[15]).hasSize(1 << 20);
        assertThat(after).isGreaterThan(0).isGreaterThanOrEqualTo(before);
        assertThat(after).isLessThanOrEqualTo(HeapMeter.maxMib());
        assertThat(HeapMeter.oldPeakMib()).isGreaterThanOrEqualTo(0);
    }
}
