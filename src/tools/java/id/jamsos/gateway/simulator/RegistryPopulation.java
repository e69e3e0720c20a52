package id.jamsos.gateway.simulator;

import id.jamsos.gateway.demo.SamplePerson;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.model.Sex;
import id.jamsos.gateway.nik.Nik;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The people the registry simulator knows: those behind the {@code generate} command's rows (same
 * rows, seed and bad-row rate give the same people: {@link SampleWorkers#people}), the fixed demo
 * people of docs/registry-api.md, and whatever a test or POST /sim/people adds or changes: a NIK made
 * unknown, an e-KTP not recorded, a name or a birth date recorded otherwise than the agency has it.
 * Thread-safe.
 */
public final class RegistryPopulation {

    /** What the registry has recorded of one person. */
    public record Person(String nik, String fullName, String birthPlace, LocalDate birthDate, Sex sex,
                         boolean ektpRecorded) {

        @Override
        public String toString() {
            return "Person[nik=" + id.jamsos.gateway.nik.NikMask.mask(nik) + "]";
        }
    }

    /** A worker the registry knows exactly as the agency does. */
    public static final Person MATCHING = demo(LocalDate.of(1980, 1, 1), Sex.L, "92710100", "0001",
            "AGUSTINUS KAMBU", "SORONG", true);
    /** A NIK that passes every check of the gateway's and that the registry does not know. */
    public static final String NOT_FOUND_NIK = nik(LocalDate.of(1981, 2, 2), Sex.L, "92710100", "0002");
    /** Known, but no e-KTP recorded (EKTP_STATUS "BELUM REKAM"). */
    public static final Person UNRECORDED = demo(LocalDate.of(1990, 3, 3), Sex.P, "96710200", "0003",
            "YOSINA RUMBIAK", "MANOKWARI", false);
    /** Recorded under a longer name than agencies write ("MARKUS WANMA" in the files): a name mismatch. */
    public static final Person OTHER_NAME = demo(LocalDate.of(1975, 4, 14), Sex.L, "92710300", "0004",
            "MARTHINUS KORNELIS WANMA SAWAKI", "SORONG", true);
    /** The name agencies write for {@link #OTHER_NAME}. */
    public static final String OTHER_NAME_IN_FILES = "MARKUS WANMA";
    /**
     * The NIK's digits say 15-06-1985, the registry recorded 31-12-1985 (an unknown birth date recorded
     * by convention, corrected later; the NIK is never changed): a birth-date mismatch.
     */
    public static final Person OTHER_BIRTH_DATE = new Person(nik(LocalDate.of(1985, 6, 15), Sex.P, "96710500", "0005"),
            "NAOMI MAMBRASAR", "SORONG", LocalDate.of(1985, 12, 31), Sex.P, true);

    private final Map<String, Person> people = new ConcurrentHashMap<>();

    /** The sample's people and the demo people. */
    public static RegistryPopulation of(RegistrySimulatorConfig config) {
        RegistryPopulation p = new RegistryPopulation();
        if (config.sampleRows() > 0) {
            for (SamplePerson s : SampleWorkers.people(config.sampleRows(), config.sampleSeed(), config.sampleBadEvery())) {
                p.put(new Person(s.nik(), upper(s.fullName()), upper(s.birthPlace()), s.birthDate(), s.sex(), true));
            }
        }
        p.demoPeople();
        return p;
    }

    /** Back to the sample and the demo people: what POST /sim/reset does. */
    void reset(RegistrySimulatorConfig config) {
        people.clear();
        people.putAll(of(config).people);
    }

    private void demoPeople() {
        for (Person person : List.of(MATCHING, UNRECORDED, OTHER_NAME, OTHER_BIRTH_DATE)) {
            put(person);
        }
        people.remove(NOT_FOUND_NIK);
    }

    /** Adds the people behind {@code generate --rows rows --seed seed --bad-every badEvery}'s file. */
    public void putSample(int rows, long seed, int badEvery) {
        for (SamplePerson s : SampleWorkers.people(rows, seed, badEvery)) {
            put(new Person(s.nik(), upper(s.fullName()), upper(s.birthPlace()), s.birthDate(), s.sex(), true));
        }
    }

    public void put(Person person) {
        people.put(person.nik(), person);
    }

    public Optional<Person> find(String nik) {
        return Optional.ofNullable(nik == null ? null : people.get(nik.trim()));
    }

    /** The registry does not know this NIK (a duplicate NIK blocked, a record never made). */
    public void forget(String nik) {
        people.remove(nik);
    }

    /** The e-KTP of this known person is not recorded ("BELUM REKAM"). */
    public void unrecorded(String nik) {
        find(nik).ifPresent(p -> put(new Person(p.nik(), p.fullName(), p.birthPlace(), p.birthDate(), p.sex(), false)));
    }

    /** This known person is recorded under another name. */
    public void recordedName(String nik, String fullName) {
        find(nik).ifPresent(p -> put(new Person(p.nik(), upper(fullName), p.birthPlace(), p.birthDate(), p.sex(),
                p.ektpRecorded())));
    }

    /** This known person is recorded with another birth date than the NIK's digits say. */
    public void recordedBirthDate(String nik, LocalDate birthDate) {
        find(nik).ifPresent(p -> put(new Person(p.nik(), p.fullName(), p.birthPlace(), birthDate, p.sex(),
                p.ektpRecorded())));
    }

    public int size() {
        return people.size();
    }

    private static Person demo(LocalDate birth, Sex sex, String regionAndDistrict, String serial, String name,
                               String place, boolean recorded) {
        return new Person(nik(birth, sex, regionAndDistrict, serial), name, place, birth, sex, recorded);
    }

    private static String nik(LocalDate birth, Sex sex, String regionAndDistrict, String serial) {
        return regionAndDistrict.substring(0, 6) + Nik.birthSegment(birth, sex) + serial;
    }

    static String upper(String s) {
        return s == null ? null : s.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }
}
