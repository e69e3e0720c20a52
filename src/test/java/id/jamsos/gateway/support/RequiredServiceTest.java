package id.jamsos.gateway.support;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequiredServiceTest {

    static final String WHY = "PostgreSQL at 127.0.0.1:1 did not answer";

    @Test
    void aServiceThatIsThereLetsTheTestRunEverywhere() {
        assertThatCode(() -> RequiredService.require(null, Map.of("CI", "true"))).doesNotThrowAnyException();
        assertThatCode(() -> RequiredService.require(null, Map.of())).doesNotThrowAnyException();
    }

    @Test
    void aMissingServiceFailsUnderCi() {
        for (String ci : new String[] {"true", "TRUE", " true "}) {
            assertThatThrownBy(() -> RequiredService.require(WHY, Map.of("CI", ci)))
                    .isInstanceOf(AssertionFailedError.class).hasMessageContaining(WHY).hasMessageContaining("CI=true");
        }
    }

    @Test
    void aMissingServiceIsASkipWithItsReasonElsewhere() {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("CI", "false"),
                Map.of("CI", ""))) {
            assertThatThrownBy(() -> RequiredService.require(WHY, env))
                    .isInstanceOf(TestAbortedException.class).hasMessageContaining(WHY);
        }
    }
}
