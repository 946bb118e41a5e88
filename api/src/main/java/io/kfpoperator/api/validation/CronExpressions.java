package io.kfpoperator.api.validation;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.Optional;

/**
 * Cron expressions as users write them in schedules: 5 fields (minute first, UNIX) or 6 fields
 * (seconds first, as Kubeflow Pipelines takes them).
 */
public final class CronExpressions {

    private static final CronParser FIVE_FIELDS = parser(CronType.UNIX);
    private static final CronParser SIX_FIELDS = parser(CronType.SPRING);

    private CronExpressions() {
    }

    private static CronParser parser(CronType type) {
        CronDefinition definition = CronDefinitionBuilder.instanceDefinitionFor(type);
        return new CronParser(definition);
    }

    /** Empty when the expression is valid, else why not. */
    public static Optional<String> problem(String expression) {
        if (expression == null || expression.isBlank()) {
            return Optional.of("is required: a cron expression such as '0 * * * *'");
        }
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5 && fields.length != 6) {
            return Optional.of("'" + expression + "' has " + fields.length
                    + " fields; use 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)");
        }
        try {
            (fields.length == 5 ? FIVE_FIELDS : SIX_FIELDS).parse(expression.trim()).validate();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("'" + expression + "' is not a valid cron expression: " + e.getMessage());
        }
    }
}
