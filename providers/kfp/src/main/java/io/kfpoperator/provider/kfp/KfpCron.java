package io.kfpoperator.provider.kfp;

import io.kfpoperator.provider.spi.PlatformRejectedException;

/**
 * KFP schedules with a seconds-first, six-field cron (robfig/cron with seconds); users write the
 * five-field UNIX form. Six fields are taken as already seconds-first, and descriptors such as
 * {@code @daily} or {@code @every 1h} pass through, since KFP's parser understands them.
 */
final class KfpCron {

    private KfpCron() {
    }

    static String toKfp(String cronExpression) {
        if (cronExpression == null || cronExpression.isBlank()) {
            throw new PlatformRejectedException("schedule.cronExpression is empty");
        }
        String normalised = cronExpression.trim().replaceAll("\\s+", " ");
        if (normalised.startsWith("@")) {
            return normalised;
        }
        String[] fields = normalised.split(" ");
        return switch (fields.length) {
            case 5 -> "0 " + normalised;
            case 6 -> normalised;
            default -> throw new PlatformRejectedException("schedule.cronExpression '" + cronExpression
                    + "' has " + fields.length + " fields; expected 5 (minute hour day-of-month month day-of-week)"
                    + " or 6 (seconds first)");
        };
    }
}
