package id.jamsos.gateway.bench;

import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.Sex;
import id.jamsos.gateway.nik.Nik;
import id.jamsos.gateway.validation.BirthDates;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The per-row and per-request functions: NIK check, birth-date parsing, request signing. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotFunctionsBenchmark {

    private final String nik = "9271061608621014";
    private final LocalDate birth = LocalDate.of(1962, 8, 16);
    private final LocalDate today = LocalDate.of(2024, 3, 1);
    private long timestamp = 1_700_000_000L;

    @Benchmark
    public List<RowRejection> nikCheck() {
        return Nik.check(nik, birth, Sex.L);
    }

    @Benchmark
    public LocalDate birthDateDmy() {
        return BirthDates.parse("16/08/1962", today, new ArrayList<>(1));
    }

    @Benchmark
    public LocalDate birthDateIso() {
        return BirthDates.parse("1962-08-16", today, new ArrayList<>(1));
    }

    @Benchmark
    public String signRequest() {
        return BpjsSignature.sign("JAMSOS-SORONG", timestamp++, "demo-secret-change-me");
    }
}
