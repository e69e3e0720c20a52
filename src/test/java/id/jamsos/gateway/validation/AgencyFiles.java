package id.jamsos.gateway.validation;

import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.model.ValidatedRow;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Small agency files for the tests, and a validator with a fixed clock. */
final class AgencyFiles {

    static final String MALE_1990 = "9271011205900001"; // 12-05-1990, L
    static final String FEMALE_1985 = "9671024503850123"; // 05-03-1985, P
    static final String MALE_1975 = "9271031708750002"; // 17-08-1975, L
    static final String FEMALE_1992 = "7371015601920003"; // 16-01-1992, P

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-30T03:00:00Z"), ZoneId.of("Asia/Jayapura"));

    private AgencyFiles() {
    }

    static AgencyFileValidator validator() {
        return new AgencyFileValidator(ValidationSettings.defaults().withClock(CLOCK));
    }

    static Path write(Path dir, String name, String text) throws IOException {
        return write(dir, name, text, StandardCharsets.UTF_8);
    }

    static Path write(Path dir, String name, String text, Charset charset) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, text.getBytes(charset));
        return p;
    }

    static Path writeBytes(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** Validated rows plus what the file said about itself. */
    record Read(List<ValidatedRow> rows, List<String> warnings, String encoding, char separator) {
        ValidatedRow row(int i) {
            return rows.get(i);
        }
    }

    static Read read(Path file) throws IOException, FileRejectedException {
        return read(validator(), file);
    }

    static Read read(AgencyFileValidator validator, Path file) throws IOException, FileRejectedException {
        try (ValidatedFile vf = validator.open(file, file.getFileName().toString())) {
            List<ValidatedRow> rows = new ArrayList<>();
            vf.forEachRemaining(rows::add);
            return new Read(rows, vf.warnings(), vf.encoding(), vf.separator());
        }
    }
}
