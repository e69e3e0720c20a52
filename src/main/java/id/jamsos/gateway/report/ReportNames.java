package id.jamsos.gateway.report;

import id.jamsos.gateway.config.ReportSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Every name a file's reports go under in the agency's outbox, in one place: the report writer names
 * them here, and a page that lists or offers them (the clerks' portal) asks here rather than guessing.
 *
 * <p>The base is the agency's file name, or for a file sent under the name of an earlier one the
 * re-upload name ({@link ReuploadNames}), so an earlier file's reports are never overwritten. Version 1
 * keeps the names agencies have always had ({@code pekerja.csv.results.csv}); a later version, written
 * after a replay or a correction changed what the reports say, carries its number before the extension
 * ({@code pekerja.csv.results.v2.csv}) beside a note of what changed ({@code pekerja.csv.changes.v2.txt}),
 * and the earlier versions stay where they are.
 */
public final class ReportNames {

    private ReportNames() {
    }

    /** The base of a file's report names. */
    public static String base(String fileName, long fileId, boolean reupload) {
        return reupload ? ReuploadNames.of(fileName, fileId) : fileName;
    }

    public static String results(String base, int version) {
        return base + ".results" + tag(version) + ".csv";
    }

    public static String rejects(String base, int version) {
        return base + ".rejects" + tag(version) + ".csv";
    }

    /** The workbook: results, rejects and notes as three sheets. */
    public static String workbook(String base, int version) {
        return base + ".report" + tag(version) + ".xlsx";
    }

    /** The note of what changed since the version before; there is none for version 1. */
    public static String changes(String base, int version) {
        if (version < 2) {
            throw new IllegalArgumentException("version 1 has no changes note");
        }
        return base + ".changes" + tag(version) + ".txt";
    }

    public static String reupload(String base) {
        return base + ".reupload.txt";
    }

    /** The names of one version's reports, in the order they are written. */
    public static List<String> of(String base, int version, ReportSettings settings) {
        List<String> names = new ArrayList<>();
        if (settings.csv()) {
            names.add(results(base, version));
            names.add(rejects(base, version));
        }
        if (settings.xlsx()) {
            names.add(workbook(base, version));
        }
        if (version > 1) {
            names.add(changes(base, version));
        }
        return names;
    }

    /**
     * Every report name the agency may hold for the file, versions 1 to {@code latest}, the latest first.
     * Under the agency's present settings: a format switched on later has no file for earlier versions,
     * so a caller that lists an outbox checks which exist.
     */
    public static List<String> upTo(String base, int latest, ReportSettings settings) {
        List<String> names = new ArrayList<>();
        for (int v = latest; v >= 1; v--) {
            names.addAll(of(base, v, settings));
        }
        return names;
    }

    private static String tag(int version) {
        if (version < 1) {
            throw new IllegalArgumentException("report versions start at 1, got " + version);
        }
        return version == 1 ? "" : ".v" + version;
    }
}
