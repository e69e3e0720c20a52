package id.jamsos.gateway.finance;

import java.util.Locale;

/**
 * What the intake does with an enrollment the programme's remaining budget cannot carry to the
 * programme's last month (jamsos.programme.overBudgetPolicy): WARN enrolls it and says so in the log
 * and the budget plan; WAITLIST holds the row as WAITLISTED, in arrival order, until money is added
 * ({@code budget add}) or freed ({@code budget release}).
 */
public enum OverBudgetPolicy {
    WARN,
    WAITLIST;

    public static OverBudgetPolicy of(String setting) {
        try {
            return valueOf(setting.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jamsos.programme.overBudgetPolicy must be WARN or WAITLIST, not "
                    + setting);
        }
    }
}
