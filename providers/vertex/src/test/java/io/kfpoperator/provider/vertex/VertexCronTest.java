package io.kfpoperator.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kfpoperator.provider.spi.PlatformRejectedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VertexCronTest {

    @ParameterizedTest(name = "\"{0}\" → \"{1}\"")
    @CsvSource(delimiter = '|', textBlock = """
            0 * * * *                      | 0 * * * *
            */15 2-4 * * 1-5               | */15 2-4 * * 1-5
            0 0 * * *                      | 0 0 * * *
            0 30 2 * * *                   | 30 2 * * *
            00 */5 * * * *                 | */5 * * * *
            0 0 12 1 * *                   | 0 12 1 * *
            '  0  6 * * 0  '               | 0 6 * * 0
            @daily                         | 0 0 * * *
            @hourly                        | 0 * * * *
            TZ=Europe/London 0 9 * * 1-5   | TZ=Europe/London 0 9 * * 1-5
            CRON_TZ=UTC 0 30 9 * * *       | CRON_TZ=UTC 30 9 * * *
            """)
    void convertsToFiveFields(String input, String expected) {
        assertThat(VertexCron.toVertex(input)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected ({1})")
    @CsvSource(delimiter = '|', textBlock = """
            30 0 * * * *          | whole minutes
            */10 * * * * *        | whole minutes
            every full moon       | 5 fields
            * * *                 | 5 fields
            0 0 * * * * 2026      | 5 fields
            61 * * * *            | invalid
            0 25 * * *            | invalid
            ''                    | empty
            TZ=Europe/London      | no schedule
            """)
    void rejectsWhatVertexCannotRun(String input, String reason) {
        assertThatThrownBy(() -> VertexCron.toVertex(input))
                .isInstanceOf(PlatformRejectedException.class)
                .hasMessageContaining(reason);
    }
}
