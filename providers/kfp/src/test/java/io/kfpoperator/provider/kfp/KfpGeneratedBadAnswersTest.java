package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.kfp.fake.FakeKfpApi;
import io.kfpoperator.provider.kfp.fake.FakeKfpServer;
import io.kfpoperator.provider.kfp.fake.JsonAnswerMutator;
import io.kfpoperator.provider.kfp.fake.JsonAnswerMutator.Kind;
import io.kfpoperator.provider.events.PipelineComponent;
import io.kfpoperator.provider.kfp.metadata.MetadataStore;
import io.kfpoperator.provider.spi.FinishedRun;
import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.provider.spi.PlatformException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generated bad input from KFP: each try sets up a platform operation on a fresh fake KFP, has
 * one of the answers that operation gets (chosen at random) mangled in one of the ways of
 * {@link Kind} (once, or on every later answer of that endpoint, as a KFP with a bug keeps
 * answering), and runs it. Whatever the answer, the operation either succeeds with an id KFP
 * really holds, or fails with a {@link PlatformException}; an error about the answer itself names
 * the field that was wrong (or says the body was not a JSON object). No other exception escapes,
 * and no operation loops on a list.
 *
 * <p>The tries are seeded: {@code -Dkfp.badAnswers.seed=…} and {@code -Dkfp.badAnswers.tries=…}
 * change them; a failing try is re-run alone by its seed (it is in the test's name).
 */
class KfpGeneratedBadAnswersTest {

    private static final String PROVIDER = "kfp-system/kfp";
    private static final long SEED = Long.getLong("kfp.badAnswers.seed", 19L);
    private static final int TRIES = Integer.getInteger("kfp.badAnswers.tries", 400);
    /** How many answers each operation gets when none is mangled, counted once per operation. */
    private static final Map<Operation, Integer> ANSWERS = new java.util.EnumMap<>(Operation.class);

    private static final Logger LOG = LoggerFactory.getLogger(KfpGeneratedBadAnswersTest.class);

    private static FakeKfpServer server;
    private static FakeKfpApi kfp;
    /** What the tries ended in: tries run, answers mangled, failed about the answer, failed otherwise, succeeded. */
    private static final AtomicInteger RUN = new AtomicInteger();
    private static final AtomicInteger MANGLED = new AtomicInteger();
    private static final AtomicInteger FAILED_ON_THE_ANSWER = new AtomicInteger();
    private static final AtomicInteger FAILED_OTHERWISE = new AtomicInteger();
    private static final AtomicInteger SUCCEEDED = new AtomicInteger();

    /** What an operation hands back: the id it returned (if any) and whether KFP holds it. */
    private record Result(String description, boolean holdsWhatItReturned) {
    }

    /** An operation with what it needs set up first; {@code act} runs with the mangled answers. */
    private enum Operation {
        CREATE_PIPELINE(t -> t.noSetUp(), t -> t.pipelineId(t.platform.createPipeline(
                FakeKfpTestBase.pipeline("ns/pipeline", "v1"), FakeKfpTestBase.compiledPipeline()))),
        ADD_PIPELINE_VERSION(t -> t.pipeline(), t -> t.pipelineId(t.platform.createPipeline(
                FakeKfpTestBase.pipeline("ns/pipeline", "v2"), FakeKfpTestBase.compiledPipeline()))),
        UPDATE_PIPELINE(t -> t.pipeline(), t -> t.pipelineId(t.platform.updatePipeline(t.pipelineId,
                FakeKfpTestBase.pipeline("ns/pipeline", "v2"), FakeKfpTestBase.compiledPipeline()))),
        DELETE_PIPELINE(t -> t.pipeline(), t -> {
            t.platform.deletePipeline(t.pipelineId);
            return new Result("deleted", true);
        }),
        CREATE_EXPERIMENT(t -> t.noSetUp(), t -> t.experimentId(t.platform.createExperiment(
                new ExperimentDefinition("ns/exp", "v1", "trials")))),
        UPDATE_EXPERIMENT(t -> t.experiment(), t -> t.experimentId(t.platform.updateExperiment(t.experimentId,
                new ExperimentDefinition("ns/exp", "v2", "trials")))),
        CREATE_RUN(t -> t.pipelineAndExperiment(), t -> t.runId(t.platform.createRun(t.runDefinition()))),
        DELETE_RUN(t -> t.startedRun(), t -> {
            t.platform.deleteRun(t.runId);
            return new Result("deleted", true);
        }),
        CREATE_RUN_SCHEDULE(t -> t.pipelineAndExperiment(), t -> t.recurringRunId(t.platform.createRunSchedule(
                FakeKfpTestBase.schedule("ns/rc", "s1", "0 * * * *")))),
        UPDATE_RUN_SCHEDULE(t -> t.schedule(), t -> t.recurringRunId(t.platform.updateRunSchedule(t.recurringRunId,
                FakeKfpTestBase.schedule("ns/rc", "s2", "30 * * * *")))),
        FINISHED_RUNS(t -> t.finishedRun(), t -> t.finishedRuns(t.platform.finishedRunsSince(Instant.EPOCH.plusSeconds(1)))),
        READINESS(t -> t.noSetUp(), t -> new Result("ready: " + t.platform.isReady(), true));

        final Function<Try, Try> setUp;
        final Function<Try, Result> act;

        Operation(Function<Try, Try> setUp, Function<Try, Result> act) {
            this.setUp = setUp;
            this.act = act;
        }
    }

    @BeforeAll
    static void startFakeKfp() {
        server = new FakeKfpServer();
        kfp = server.api();
    }

    @AfterAll
    static void stopFakeKfpAndSayWhatTheTriesDid() {
        server.close();
        LOG.info("tries = {} (seed {}): {} with a mangled answer; {} failed on the answer, {} failed otherwise"
                + " (a later call refused what the answer led to), {} succeeded", RUN.get(), SEED, MANGLED.get(),
                FAILED_ON_THE_ANSWER.get(), FAILED_OTHERWISE.get(), SUCCEEDED.get());
        if (RUN.get() == TRIES && TRIES >= 100) {
            // Otherwise the generator would mostly pick answers the operations never get.
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
                // One of the answers the operation gets, or (one time in n + 1) none of them.
                int answer = random.nextInt(answersOf(operation) + 1);
                new Try(operation, kind, answer, sticky, seed).run();
            });
        });
    }

    private static synchronized int answersOf(Operation operation) {
        return ANSWERS.computeIfAbsent(operation, op -> {
            Try plain = new Try(op, Kind.MISSING_FIELD, Integer.MAX_VALUE, false, 0);
            op.setUp.apply(plain);
            kfp.mangleAnswer(Integer.MAX_VALUE, false, (m, p, q, body) -> body);
            op.act.apply(plain);
            return kfp.answersSinceMangling();
        });
    }

    /** One try: a fresh KFP, the set-up, the mangled answer, the operation and what it must not do. */
    private static final class Try {
        final Operation operation;
        final Kind kind;
        final int answer;
        final boolean sticky;
        final long seed;
        final KfpPlatform platform;
        String pipelineId;
        String experimentId;
        String runId;
        String recurringRunId;

        Try(Operation operation, Kind kind, int answer, boolean sticky, long seed) {
            this.operation = operation;
            this.kind = kind;
            this.answer = answer;
            this.sticky = sticky;
            this.seed = seed;
            kfp.reset();
            this.platform = new KfpPlatform(KfpSettings.from(new PlatformConfig(PROVIDER, FakeKfpTestBase.PIPELINE_ROOT,
                    Map.of(KfpSettings.REST_KFP_API_URL, server.baseUrl(), KfpSettings.REQUEST_TIMEOUT, "10s"))),
                    Optional.of(new NoArtifacts()));
        }

        void run() {
            RUN.incrementAndGet();
            operation.setUp.apply(this);
            JsonAnswerMutator mutator = new JsonAnswerMutator(kind, seed);
            kfp.mangleAnswer(answer, sticky, mutator);
            Result result;
            try {
                result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> operation.act.apply(this));
            } catch (PlatformException e) {
                assertThat(kfp.mangledAnAnswer()).as("%s failed with every answer as KFP wrote it: %s", operation, e)
                        .isTrue();
                MANGLED.incrementAndGet();
                (e instanceof KfpMalformedAnswerException ? FAILED_ON_THE_ANSWER : FAILED_OTHERWISE).incrementAndGet();
                assertThat(e.getMessage()).as("message of %s after %s", e, mutator.applied()).isNotBlank();
                if (e instanceof KfpMalformedAnswerException) {
                    assertThat(e.getMessage()).as("what %s says was wrong, after %s", e, mutator.applied())
                            .containsAnyOf(expectedMentions(mutator));
                }
                assertNoLoop(mutator);
                return;
            } catch (RuntimeException | Error e) {
                throw new AssertionError(operation + " let " + e + " escape after " + mutator.applied(), e);
            }
            assertNoLoop(mutator);
            SUCCEEDED.incrementAndGet();
            if (kfp.mangledAnAnswer()) {
                MANGLED.incrementAndGet();
            }
            assertThat(result.holdsWhatItReturned())
                    .as("%s returned %s, which KFP does not hold, after %s", operation, result.description(),
                            mutator.applied())
                    .isTrue();
            if (!kfp.mangledAnAnswer()) {
                assertThat(kfp.violations()).as("unmangled exchanges against the swagger").isEmpty();
            }
        }

        private static String[] expectedMentions(JsonAnswerMutator mutator) {
            if (mutator.kind() == Kind.EMPTY_BODY) {
                // An empty body reads as an answer without fields (deletes may answer so): the field it lacks is named.
                return new String[] {"JSON", " without "};
            }
            if (mutator.kind().breaksTheText()) {
                return new String[] {"JSON"};
            }
            return mutator.touchedFields().toArray(String[]::new);
        }

        private static void assertNoLoop(JsonAnswerMutator mutator) {
            assertThat(kfp.answersSinceMangling()).as("requests after %s", mutator.applied())
                    .isLessThan(FakeKfpApi.LOOP_LIMIT);
        }

        // ---- set-ups (answers as KFP writes them) ----

        Try noSetUp() {
            return this;
        }

        Try pipeline() {
            pipelineId = platform.createPipeline(FakeKfpTestBase.pipeline("ns/pipeline", "v1"),
                    FakeKfpTestBase.compiledPipeline());
            return this;
        }

        Try experiment() {
            experimentId = platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", "trials"));
            return this;
        }

        Try pipelineAndExperiment() {
            return pipeline().experiment();
        }

        RunDefinition runDefinition() {
            return new RunDefinition("ns/run-1", "r1", "ns/pipeline", "v1", "ns/rc",
                    "ns/exp", Map.of("text", "hello"), List.of(), null);
        }

        Try startedRun() {
            pipelineAndExperiment();
            runId = platform.createRun(runDefinition());
            return this;
        }

        Try schedule() {
            pipelineAndExperiment();
            recurringRunId = platform.createRunSchedule(FakeKfpTestBase.schedule("ns/rc", "s1", "0 * * * *"));
            return this;
        }

        Try finishedRun() {
            startedRun();
            kfp.finishRun(runId, "SUCCEEDED", Instant.parse("2026-11-25T12:00:00Z"),
                    Map.of("train", Map.of("model", List.of("7"))));
            return this;
        }

        // ---- what the operation returned, checked against what KFP holds ----

        Result pipelineId(String id) {
            return new Result("pipeline id '" + id + "'", kfp.pipelines().stream()
                    .anyMatch(p -> p.get("pipeline_id").asText().equals(id)));
        }

        Result experimentId(String id) {
            return new Result("experiment id '" + id + "'", kfp.experiments().stream()
                    .anyMatch(e -> e.get("experiment_id").asText().equals(id)));
        }

        Result runId(String id) {
            return new Result("run id '" + id + "'", kfp.run(id) != null);
        }

        Result recurringRunId(String id) {
            return new Result("recurring run id '" + id + "'", kfp.recurringRun(id) != null);
        }

        Result finishedRuns(List<FinishedRun> finished) {
            return new Result("finished runs " + finished.stream().map(f -> f.event().runId()).toList(),
                    finished.stream().allMatch(f -> f.finishedAt() != null && kfp.run(f.event().runId()) != null));
        }
    }

    /** ML Metadata that knows every run and no artifacts: the answers under test are KFP's. */
    private static final class NoArtifacts implements MetadataStore {
        @Override
        public Optional<List<PipelineComponent>> componentsOfRun(String runId) {
            return Optional.of(List.of());
        }

        @Override
        public String describe() {
            return "no artifacts";
        }
    }
}
