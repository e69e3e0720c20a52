package id.jamsos.gateway.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.jamsos.gateway.ledger.CipherContext;
import id.jamsos.gateway.ledger.LedgerException;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.UnboundCiphertexts;
import org.junit.jupiter.api.Test;

/** A sealed job opens as a job only; jobs an older gateway sealed still open during an upgrade. */
class JobSealTest {

    private static final String JOB = "{\"fileId\":7,\"items\":[{\"rowNo\":1,\"nik\":\"9271011205900001\"}]}";

    private final PersonalDataCipher pii = PersonalDataCipher.forTests();
    private final JobSeal seal = new JobSeal(pii, false);

    @Test
    void aSealedJobOpens() {
        String sealed = seal.seal(JOB);
        assertThat(sealed).startsWith("enc:v2.test:").doesNotContain("9271011205900001");
        assertThat(seal.open(sealed)).isEqualTo(JOB);
    }

    @Test
    void aLedgerValueWrittenOnTheQueueDoesNotOpenAsAJob() {
        // The same key seals the ledger's stored requests: one of them is no job.
        String storedRequest = pii.encryptText(JOB, CipherContext.rowRequest(7, 1));
        assertThatThrownBy(() -> seal.open(storedRequest)).isInstanceOf(LedgerException.class)
                .hasMessageNotContaining("9271011205900001");
    }

    @Test
    void aJobSealedByTheGatewayBeforeBindingStillOpens() throws Exception {
        assertThat(seal.open("enc:" + UnboundCiphertexts.forTests(JOB))).isEqualTo(JOB);
    }
}
