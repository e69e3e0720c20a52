package id.jamsos.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The table of accepted header names in docs/validation.md (between its {@code column-names} markers)
 * against {@link Column}: every column once, its names in the code's order, required as the code has it.
 * A name added to the code and not to the clerks' table (or the other way) fails here.
 */
class ColumnNamesDocTest {

    private static final Pattern NAME = Pattern.compile("`([^`]*)`");

    @Test
    void theDocTableIsTheCodesList() throws Exception {
        String doc = Files.readString(Path.of("docs/validation.md"));
        int start = doc.indexOf("<!-- column-names:start -->");
        int end = doc.indexOf("<!-- column-names:end -->");
        assertThat(start).isPositive();
        assertThat(end).isGreaterThan(start);
        Map<String, List<String>> table = new LinkedHashMap<>();
        Map<String, String> required = new LinkedHashMap<>();
        for (String line : doc.substring(start, end).split("\n")) {
            if (!line.startsWith("| ") || line.startsWith("| Column") || line.startsWith("|---")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String column = cells[1].strip().split("[ (]")[0];
            List<String> names = new ArrayList<>();
            Matcher m = NAME.matcher(cells[3]);
            while (m.find()) {
                names.add(m.group(1));
            }
            assertThat(table.put(column, names)).as("listed twice: " + column).isNull();
            required.put(column, cells[2].strip());
        }
        assertThat(table.keySet()).containsExactly(
                java.util.Arrays.stream(Column.values()).map(Column::name).toArray(String[]::new));
        for (Column c : Column.values()) {
            assertThat(table.get(c.name())).as(c.name()).isEqualTo(c.names());
            assertThat(required.get(c.name()).startsWith("yes")).as(c.name()).isEqualTo(c.required());
        }
    }
}
