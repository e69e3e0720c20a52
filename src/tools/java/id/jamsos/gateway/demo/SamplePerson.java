package id.jamsos.gateway.demo;

import id.jamsos.gateway.model.Sex;
import java.time.LocalDate;

/** One person behind a generated row, as the population registry simulator knows them. */
public record SamplePerson(String nik, String fullName, String birthPlace, LocalDate birthDate, Sex sex) {

    /** Records print every field: a NIK is personal data even in a sample, so it is masked here. */
    @Override
    public String toString() {
        return "SamplePerson[nik=" + id.jamsos.gateway.nik.NikMask.mask(nik) + "]";
    }
}
