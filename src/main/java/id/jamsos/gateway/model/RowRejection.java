package id.jamsos.gateway.model;

/**
 * Why one field of one row was refused. The messages are meant for an agency clerk:
 * Indonesian first, English beside it.
 *
 * @param field     column name as the gateway knows it (NIK, NAMA, TGL_LAHIR, JENIS_KELAMIN, ...)
 * @param code      stable machine code, e.g. NIK_LENGTH, NIK_SCIENTIFIC, DUPLICATE_IN_FILE
 * @param messageId reason in Indonesian
 * @param messageEn reason in English
 */
public record RowRejection(String field, String code, String messageId, String messageEn) {
}
