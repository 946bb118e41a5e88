package io.kfpoperator.provider.vertex;

import static io.kfpoperator.provider.vertex.VertexFixture.run;
import static io.kfpoperator.provider.vertex.VertexFixture.schedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.cloud.aiplatform.v1.Artifact;
import com.google.cloud.aiplatform.v1.PipelineState;
import com.google.cloud.aiplatform.v1.PipelineTaskDetail;
import io.kfpoperator.provider.spi.FinishedRun;
import io.kfpoperator.provider.spi.PlatformException;
import io.kfpoperator.provider.vertex.fake.FakeVertex;
import io.kfpoperator.provider.vertex.fake.ProtoAnswerMutator;
import io.kfpoperator.provider.vertex.fake.ProtoAnswerMutator.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generated bad input from Vertex: each try sets up a platform operation on a fresh fake Vertex,
 * has one of the gRPC answers that operation gets (chosen at random) sent as bytes no Vertex would
 * write, in one of the ways of {@link Kind} (once, or on every later answer of that method), and
 * runs it. Whatever the answer, the operation either succeeds with an id Vertex really holds, or
 * fails with a {@link PlatformException}; an error about the answer itself names the field. No
 * other exception escapes, and no operation loops on a list.
 *
 * <p>Seeded: {@code -Dvertex.badAnswers.seed=…} and {@code -Dvertex.badAnswers.tries=…} change the
 * tries; a failing try's seed is in its name.
 */
class VertexGeneratedBadAnswersIT {

    private static final Logger LOG = LoggerFactory.getLogger(VertexGeneratedBadAnswersIT.class);
    private static final long SEED = Long.getLong("vertex.badAnswers.seed", 19L);
    private static final int TRIES = Integer.getInteger("vertex.badAnswers.tries", 400);
    private static final Map<Operation, Integer> ANSWERS = new EnumMap<>(Operation.class);

    private static final AtomicInteger RUN = new AtomicInteger();
    private static final AtomicInteger MANGLED = new AtomicInteger();
    private static final AtomicInteger FAILED_ON_THE_ANSWER = new AtomicInteger();
    private static final AtomicInteger FAILED_OTHERWISE = new AtomicInteger();
    private static final AtomicInteger SUCCEEDED = new AtomicInteger();

    /** What an operation handed back, and whether Vertex holds it. */
    private record Result(String description, boolean holdsWhatItReturned) {
    }

    private enum Operation {
        CREATE_RUN(t -> t.pipeline(), t -> t.runId(t.platform().createRun(run("team-a/nightly-run", "v1",
                "team-a/training", "v1")))),
        DELETE_RUN(t -> t.startedRun(), t -> {
            t.platform().deleteRun("team-a-nightly-run");
            return new Result("deleted", true);
        }),
        CREATE_RUN_SCHEDULE(t -> t.pipeline(), t -> t.scheduleName(t.platform().createRunSchedule(
                schedule("team-a/nightly", "v1", "team-a/training", "0 2 * * *")))),
        CREATE_RUN_SCHEDULE_AGAIN(t -> t.madeSchedule(), t -> t.scheduleName(t.platform().createRunSchedule(
                schedule("team-a/nightly", "v1", "team-a/training", "0 2 * * *")))),
        UPDATE_RUN_SCHEDULE(t -> t.madeSchedule(), t -> t.scheduleName(t.platform().updateRunSchedule(t.scheduleName,
                schedule("team-a/nightly", "v2", "team-a/training", "30 3 * * *")))),
        DELETE_RUN_SCHEDULE(t -> t.madeSchedule(), t -> {
            t.platform().deleteRunSchedule(t.scheduleName);
            return new Result("deleted", true);
        }),
        FINISHED_RUNS(t -> t.finishedRuns(), t -> t.events(t.platform().finishedRunsSince(Instant.EPOCH.plusSeconds(1)))),
        READINESS(t -> t, t -> new Result("ready: " + t.platform().isReady(), true));

        final Function<Try, Try> setUp;
        final Function<Try, Result> act;

        Operation(Function<Try, Try> setUp, Function<Try, Result> act) {
            this.setUp = setUp;
            this.act = act;
        }
    }

    @AfterAll
    static void sayWhatTheTriesDid() {
        LOG.info("tries = {} (seed {}): {} with a mangled answer; {} failed on the answer, {} failed otherwise, {} succeeded",
                RUN.get(), SEED, MANGLED.get(), FAILED_ON_THE_ANSWER.get(), FAILED_OTHERWISE.get(), SUCCEEDED.get());
        if (RUN.get() == TRIES && TRIES >= 100) {
            assertThat(MANGLED.get()).as("tries whose operation got a mangled answer").isGreaterThan(TRIES / 2);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyMalformedAnswerEndsInAPlatformExceptionOrARealId() {
        return IntStream.range(0, TRIES).mapToObj(i -> {
            long seed = SEED * 1_000_003L + i;
            Random random = new Random(seed);
            Operation operation = Operation.values()[random.nextInt(Operation.values().length)];
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            boolean sticky = kind == Kind.REPEATED_PAGE_TOKEN || random.nextBoolean();
            String name = "try " + i + " (seed " + seed + "): " + operation + ", " + kind + (sticky ? " from then on" : "");
            return DynamicTest.dynamicTest(name, () -> {
                int answer = random.nextInt(answersOf(operation) + 1);
                try (Try t = new Try(operation, seed)) {
                    t.attempt(kind, answer, sticky);
                }
            });
        });
    }

    private static synchronized int answersOf(Operation operation) {
        return ANSWERS.computeIfAbsent(operation, op -> {
            try (Try plain = new Try(op, 0)) {
                op.setUp.apply(plain);
                plain.fixture.vertex.mangleAnswer(Integer.MAX_VALUE, false, (m, q, a, bytes) -> bytes);
                op.act.apply(plain);
                return plain.fixture.vertex.answersSinceMangling();
            }
        });
    }

    private static final class Try implements AutoCloseable {
        final Operation operation;
        final long seed;
        final VertexFixture fixture = new VertexFixture();
        String scheduleName;

        Try(Operation operation, long seed) {
            this.operation = operation;
            this.seed = seed;
        }

        VertexPlatform platform() {
            return fixture.platform();
        }

        void attempt(Kind kind, int answer, boolean sticky) {
            RUN.incrementAndGet();
            operation.setUp.apply(this);
            ProtoAnswerMutator mutator = new ProtoAnswerMutator(kind, seed);
            FakeVertex vertex = fixture.vertex;
            vertex.mangleAnswer(answer, sticky, mutator);
            Result result;
            try {
                result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> operation.act.apply(this));
            } catch (PlatformException e) {
                assertThat(vertex.mangledAnAnswer()).as("%s failed with every answer as Vertex wrote it: %s", operation, e)
                        .isTrue();
                MANGLED.incrementAndGet();
                (e instanceof VertexMalformedAnswerException ? FAILED_ON_THE_ANSWER : FAILED_OTHERWISE).incrementAndGet();
                assertThat(e.getMessage()).as("message of %s after %s", e, mutator.applied()).isNotBlank();
                if (e instanceof VertexMalformedAnswerException && !kind.breaksTheBytes()) {
                    assertThat(e.getMessage()).as("what %s says was wrong, after %s", e, mutator.applied())
                            .containsAnyOf(mutator.touchedFields().toArray(String[]::new));
                }
                assertNoLoop(mutator);
                return;
            } catch (RuntimeException | Error e) {
                throw new AssertionError(operation + " let " + e + " escape after " + mutator.applied(), e);
            }
            assertNoLoop(mutator);
            SUCCEEDED.incrementAndGet();
            if (vertex.mangledAnAnswer()) {
                MANGLED.incrementAndGet();
            }
            assertThat(result.holdsWhatItReturned())
                    .as("%s returned %s, which Vertex does not hold, after %s", operation, result.description(),
                            mutator.applied())
                    .isTrue();
        }

        private void assertNoLoop(ProtoAnswerMutator mutator) {
            assertThat(fixture.vertex.answersSinceMangling()).as("answers after %s", mutator.applied())
                    .isLessThan(FakeVertex.LOOP_LIMIT);
        }

        // ---- set-ups, with Vertex answering as it does ----

        Try pipeline() {
            fixture.createPipeline("team-a/training", "v1");
            return this;
        }

        Try startedRun() {
            pipeline();
            platform().createRun(run("team-a/nightly-run", "v1", "team-a/training", "v1"));
            return this;
        }

        Try madeSchedule() {
            pipeline();
            scheduleName = platform().createRunSchedule(schedule("team-a/nightly", "v1", "team-a/training", "0 2 * * *"));
            return this;
        }

        /** Three finished runs (the fake's pages hold two), one with an output artifact. */
        Try finishedRuns() {
            pipeline();
            for (String name : List.of("first", "second", "third")) {
                platform().createRun(run("team-a/" + name, "v1", "team-a/training", "v1"));
            }
            fixture.vertex.advance(Duration.ofMinutes(1));
            fixture.vertex.finish("team-a-first-v1", PipelineState.PIPELINE_STATE_SUCCEEDED, List.of(
                    PipelineTaskDetail.newBuilder().setTaskName("trainer").putOutputs("model",
                            PipelineTaskDetail.ArtifactList.newBuilder().addArtifacts(Artifact.newBuilder()
                                    .setUri("gs://models/1")).build()).build()));
            fixture.vertex.finish("team-a-second-v1", PipelineState.PIPELINE_STATE_FAILED, List.of());
            fixture.vertex.finish("team-a-third-v1", PipelineState.PIPELINE_STATE_CANCELLED, List.of());
            return this;
        }

        // ---- what came back, against what Vertex holds ----

        Result runId(String id) {
            return new Result("run id '" + id + "'", fixture.vertex.jobs().stream()
                    .anyMatch(j -> id.equals(j.getLabelsMap().get(VertexRequests.RUN_ID_LABEL))));
        }

        Result scheduleName(String name) {
            return new Result("schedule '" + name + "'", fixture.vertex.schedules().stream()
                    .anyMatch(s -> s.getName().equals(name)));
        }

        Result events(List<FinishedRun> finished) {
            return new Result("finished runs " + finished.stream().map(f -> f.event().runId() + "@" + f.finishedAt()).toList(),
                    finished.stream().allMatch(f -> f.finishedAt() != null && fixture.vertex.jobs().stream()
                            .anyMatch(j -> f.event().runId() != null && (f.event().runId().equals(j.getLabelsMap()
                                    .get(VertexRequests.RUN_ID_LABEL)) || j.getName().endsWith("/" + f.event().runId())))));
        }

        @Override
        public void close() {
            fixture.close();
        }
    }
}
