package id.jamsos.gateway.registry;

/**
 * The fields the population registry's verify-by-elements service judges, with the element names its
 * API uses (docs/registry-api.md) and what a clerk reads in a report.
 */
public enum RegistryField {
    FULL_NAME("NAMA_LGKP", "NAMA"),
    BIRTH_DATE("TGL_LHR", "TGL_LAHIR"),
    BIRTH_PLACE("TMPT_LHR", "TEMPAT_LAHIR"),
    SEX("JENIS_KLMIN", "JENIS_KELAMIN");

    private final String element;
    private final String column;

    RegistryField(String element, String column) {
        this.element = element;
        this.column = column;
    }

    /** The element name in the registry's request and answer. */
    public String element() {
        return element;
    }

    /** The agency file's column this field comes from (the report names it). */
    public String column() {
        return column;
    }
}
