package id.jamsos.gateway.support;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/**
 * The one place that decides what a test does when an outside service it needs (PostgreSQL,
 * Chromium) is missing. On a developer's machine the test is skipped with the reason, so a missing
 * browser does not block work on the intake. Under {@code CI=true} it fails: a CI run that skipped
 * the crash test or the browser test would be green without having tested them.
 *
 * <p>Call it from a test method or a {@code @BeforeEach}. From a {@code @BeforeAll}, a failure is
 * reported but a skip is not: Surefire shows a class skipped as a whole as "Tests run: 0", with no
 * test and no reason to see; such a class keeps the skip and throws it again from each test.
 */
public final class RequiredService {

    /** Set to {@code true} by .ci/run and by the usual CI services (GitHub Actions, GitLab CI). */
    static final String CI_VARIABLE = "CI";

    private RequiredService() {
    }

    /**
     * @param missing why the service cannot be used here, or null when it can
     * @throws AssertionFailedError under {@code CI=true} when {@code missing} is not null
     * @throws org.opentest4j.TestAbortedException elsewhere when {@code missing} is not null (a skip)
     */
    public static void require(String missing) {
        require(missing, System.getenv());
    }

    static void require(String missing, Map<String, String> environment) {
        if (missing == null) {
            return;
        }
        if (ci(environment)) {
            throw new AssertionFailedError(missing + " (CI=true: a missing service fails the test instead of"
                    + " skipping it)");
        }
        Assumptions.abort(missing + " (skipped; under CI=true this fails)");
    }

    static boolean ci(Map<String, String> environment) {
        return "true".equalsIgnoreCase(String.valueOf(environment.get(CI_VARIABLE)).trim());
    }
}
