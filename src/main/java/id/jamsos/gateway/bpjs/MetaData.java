package id.jamsos.gateway.bpjs;

/** The {@code metaData} part of every BPJS-style answer. {@code code} is a string, "200" on success. */
public record MetaData(String code, String message) {

    public static MetaData ok() {
        return new MetaData("200", "OK");
    }

    public boolean isOk() {
        return "200".equals(code);
    }
}
