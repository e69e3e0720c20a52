package id.jamsos.gateway.config;

import java.util.List;

/**
 * Configuration that cannot be used. Carries every problem found, not just the first, so an operator can fix
 * the file in one pass. Problems never contain secret values.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(message(source, problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        StringBuilder text = new StringBuilder()
                .append(problems.size()).append(problems.size() == 1 ? " problem in " : " problems in ")
                .append(source).append(':');
        for (String problem : problems) {
            text.append("\n  - ").append(problem);
        }
        return text.toString();
    }
}
