package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kfpoperator.provider.spi.PlatformRejectedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KfpCronTest {

    @ParameterizedTest(name = "''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "* * * * *            | 0 * * * * *",
        "*/5 * * * *          | 0 */5 * * * *",
        "0 0 * * 0            | 0 0 0 * * 0",
        "30 2 1,15 * MON-FRI  | 0 30 2 1,15 * MON-FRI",
        "0 9-17/2 * JAN,JUL * | 0 0 9-17/2 * JAN,JUL *",
        "'  15   4  *  *  * ' | 0 15 4 * * *",
        "0 30 2 * * *         | 0 30 2 * * *",
        "*/10 * * * * *       | */10 * * * * *",
        "@daily               | @daily",
        "@every 1h30m         | @every 1h30m",
    })
    void convertsUnixCronToKfpSecondsFirstForm(String cron, String kfp) {
        assertThat(KfpCron.toKfp(cron)).isEqualTo(kfp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "* * * *", "0 0 0 * * * 2030", "*"})
    void rejectsExpressionsWithTheWrongNumberOfFields(String cron) {
        assertThatThrownBy(() -> KfpCron.toKfp(cron))
                .isInstanceOf(PlatformRejectedException.class)
                .hasMessageContaining("cronExpression");
    }
}
