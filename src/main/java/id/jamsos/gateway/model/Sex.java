package id.jamsos.gateway.model;

/** Sex as BPJS writes it: L (laki-laki, male) or P (perempuan, female). */
public enum Sex {
    L,
    P
}
