package io.kfpoperator.api.lifecycle;

import static io.kfpoperator.api.lifecycle.SynchronizationState.CREATING;
import static io.kfpoperator.api.lifecycle.SynchronizationState.DELETED;
import static io.kfpoperator.api.lifecycle.SynchronizationState.DELETING;
import static io.kfpoperator.api.lifecycle.SynchronizationState.FAILED;
import static io.kfpoperator.api.lifecycle.SynchronizationState.SUCCEEDED;
import static io.kfpoperator.api.lifecycle.SynchronizationState.UNKNOWN;
import static io.kfpoperator.api.lifecycle.SynchronizationState.UPDATING;
import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.api.v1beta1.ProviderAndId;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of upstream's state handler table as the direct engine plays it, plus
 * our retry rules.
 */
class SyncStateMachineTest {

    private static final String PROVIDER = "kfp-operator/kfp";
    private static final String OTHER_PROVIDER = "kfp-operator/vertex";
    private static final String V1 = "v1-aaaaaa";
    private static final String V2 = "v2-bbbbbb";

    private static SyncFacts facts(SynchronizationState state, String statusVersion, String statusProvider, String id,
                                   boolean deleting, boolean retry) {
        ProviderAndId provider = statusProvider == null ? null : new ProviderAndId().withName(statusProvider).withId(id);
        return new SyncFacts(PROVIDER, state, statusVersion, provider, V2, deleting, retry);
    }

    private static SyncFacts facts(SynchronizationState state, String statusVersion, String statusProvider, String id) {
        return facts(state, statusVersion, statusProvider, id, false, false);
    }

    static Stream<Arguments> decisions() {
        SyncDecision create = new SyncDecision.Call(new PlatformOperation.Create(PROVIDER));
        SyncDecision update = new SyncDecision.Call(new PlatformOperation.Update(PROVIDER, "id-1"));
        SyncDecision none = new SyncDecision.NothingToDo();
        return Stream.of(
                Arguments.of("empty status creates", facts(UNKNOWN, null, null, null), create),
                Arguments.of("empty status with a version creates", facts(UNKNOWN, V1, null, null), create),
                Arguments.of("empty status with an id updates", facts(UNKNOWN, null, PROVIDER, "id-1"), update),
                Arguments.of("creating (retry after a transient failure) creates again", facts(CREATING, V2, PROVIDER, ""), create),
                Arguments.of("updating (retry) updates again", facts(UPDATING, V2, PROVIDER, "id-1"), update),
                Arguments.of("succeeded and unchanged does nothing", facts(SUCCEEDED, V2, PROVIDER, "id-1"), none),
                Arguments.of("succeeded with a changed spec updates", facts(SUCCEEDED, V1, PROVIDER, "id-1"), update),
                Arguments.of("succeeded with a changed spec but no id creates", facts(SUCCEEDED, V1, PROVIDER, ""), create),
                Arguments.of("failed and unchanged waits for a spec change", facts(FAILED, V2, PROVIDER, "id-1"), none),
                Arguments.of("failed and unchanged retries when asked", facts(FAILED, V2, PROVIDER, "id-1", false, true), update),
                Arguments.of("failed with a changed spec updates", facts(FAILED, V1, PROVIDER, "id-1"), update),
                Arguments.of("failed with a changed spec and no id creates", facts(FAILED, V1, PROVIDER, ""), create),
                Arguments.of("deleting from succeeded deletes the platform object",
                        facts(SUCCEEDED, V2, PROVIDER, "id-1", true, false), new SyncDecision.Call(new PlatformOperation.Delete(PROVIDER, "id-1"))),
                Arguments.of("deleting after a failed delete deletes again",
                        facts(DELETING, V2, PROVIDER, "id-1", true, false), new SyncDecision.Call(new PlatformOperation.Delete(PROVIDER, "id-1"))),
                Arguments.of("deleting without an id is deleted at once",
                        facts(FAILED, V2, PROVIDER, "", true, false), new SyncDecision.Record(SyncResult.of(DELETED, "", V2,
                                new ProviderAndId().withName(PROVIDER).withId("")))),
                Arguments.of("deleting a never-synchronised resource is deleted at once",
                        facts(UNKNOWN, null, null, null, true, false), new SyncDecision.Record(SyncResult.of(DELETED, "", null, null))),
                Arguments.of("deleted releases the finalizer", facts(DELETED, V2, PROVIDER, "", true, false), new SyncDecision.ReleaseFinalizer()),
                Arguments.of("deleting after the provider changed deletes where the object is",
                        new SyncFacts(PROVIDER, SUCCEEDED, V2, new ProviderAndId().withName(OTHER_PROVIDER).withId("id-1"), V2, true, false),
                        new SyncDecision.Call(new PlatformOperation.Delete(OTHER_PROVIDER, "id-1"))),
                Arguments.of("a changed provider fails",
                        new SyncFacts(PROVIDER, SUCCEEDED, V2, new ProviderAndId().withName(OTHER_PROVIDER).withId("id-1"), V2, false, false),
                        new SyncDecision.Record(SyncResult.of(FAILED, SyncStateMachine.PROVIDER_CHANGED, V2,
                                new ProviderAndId().withName(OTHER_PROVIDER).withId("id-1")))),
                Arguments.of("a changed provider already failed stays quiet",
                        new SyncFacts(PROVIDER, FAILED, V2, new ProviderAndId().withName(OTHER_PROVIDER).withId("id-1"), V2, false, false), none));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decides(String row, SyncFacts facts, SyncDecision expected) {
        assertThat(SyncStateMachine.decide(facts)).isEqualTo(expected);
    }

    static Stream<Arguments> outcomes() {
        PlatformOperation create = new PlatformOperation.Create(PROVIDER);
        PlatformOperation update = new PlatformOperation.Update(PROVIDER, "id-1");
        PlatformOperation delete = new PlatformOperation.Delete(PROVIDER, "id-1");
        SyncFacts fresh = facts(UNKNOWN, null, null, null);
        SyncFacts synced = facts(SUCCEEDED, V1, PROVIDER, "id-1");
        SyncFacts deleting = facts(SUCCEEDED, V1, PROVIDER, "id-1", true, false);
        ProviderAndId none = new ProviderAndId().withName(PROVIDER).withId("");
        ProviderAndId old = new ProviderAndId().withName(PROVIDER).withId("id-1");
        return Stream.of(
                Arguments.of("create succeeds", fresh, create, new OperationOutcome.Succeeded("id-9"),
                        SyncResult.of(SUCCEEDED, "", V2, new ProviderAndId().withName(PROVIDER).withId("id-9"))),
                Arguments.of("create succeeds without an id", fresh, create, new OperationOutcome.Succeeded(""),
                        SyncResult.of(FAILED, "id was empty", V2, none)),
                Arguments.of("create rejected by the platform", fresh, create, new OperationOutcome.Rejected("bad pipeline"),
                        SyncResult.of(FAILED, "bad pipeline", V2, none)),
                Arguments.of("create fails transiently and is retried", fresh, create, new OperationOutcome.Unavailable("503 from provider"),
                        new SyncResult(CREATING, "503 from provider", V2, none, true)),
                Arguments.of("update succeeds with a replacement id", synced, update, new OperationOutcome.Succeeded("id-2"),
                        SyncResult.of(SUCCEEDED, "", V2, new ProviderAndId().withName(PROVIDER).withId("id-2"))),
                Arguments.of("update rejected keeps pointing at the working object", synced, update, new OperationOutcome.Rejected("bad cron"),
                        SyncResult.of(FAILED, "bad cron", V2, old)),
                Arguments.of("update fails transiently and is retried", synced, update, new OperationOutcome.Unavailable("timeout"),
                        new SyncResult(UPDATING, "timeout", V2, old, true)),
                Arguments.of("delete succeeds", deleting, delete, new OperationOutcome.Succeeded(""),
                        SyncResult.of(DELETED, "", V1, none)),
                Arguments.of("delete fails transiently and is retried", deleting, delete, new OperationOutcome.Unavailable("timeout"),
                        new SyncResult(DELETING, "timeout", V1, old, true)),
                Arguments.of("delete rejected is retried, never stuck", deleting, delete, new OperationOutcome.Rejected("locked"),
                        new SyncResult(DELETING, "locked", V1, old, true)),
                Arguments.of("create handed to a workflow waits without backoff", fresh, create, new OperationOutcome.InProgress("workflow w1 running"),
                        SyncResult.of(CREATING, "workflow w1 running", V2, none)),
                Arguments.of("update in progress keeps pointing at the working object", synced, update, new OperationOutcome.InProgress("compiling"),
                        SyncResult.of(UPDATING, "compiling", V2, old)),
                Arguments.of("delete in progress stays Deleting without backoff", deleting, delete, new OperationOutcome.InProgress("workflow w2 pending"),
                        SyncResult.of(DELETING, "workflow w2 pending", V1, old)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void recordsOutcome(String row, SyncFacts facts, PlatformOperation operation, OperationOutcome outcome, SyncResult expected) {
        assertThat(SyncStateMachine.afterOperation(facts, operation, outcome)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inFlightRows")
    void recordsThePendingOperationBeforeCalling(String row, SyncFacts facts, PlatformOperation operation, SyncResult expected) {
        assertThat(SyncStateMachine.inFlight(facts, operation)).isEqualTo(expected);
    }

    static Stream<Arguments> inFlightRows() {
        return Stream.of(
                Arguments.of("create", facts(UNKNOWN, null, null, null), new PlatformOperation.Create(PROVIDER),
                        SyncResult.of(CREATING, "", V2, new ProviderAndId().withName(PROVIDER).withId(""))),
                Arguments.of("update", facts(SUCCEEDED, V1, PROVIDER, "id-1"), new PlatformOperation.Update(PROVIDER, "id-1"),
                        SyncResult.of(UPDATING, "", V2, new ProviderAndId().withName(PROVIDER).withId("id-1"))),
                Arguments.of("delete", facts(SUCCEEDED, V1, PROVIDER, "id-1", true, false), new PlatformOperation.Delete(PROVIDER, "id-1"),
                        SyncResult.of(DELETING, "", V1, new ProviderAndId().withName(PROVIDER).withId("id-1"))));
    }
}
