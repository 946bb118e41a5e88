package io.kfpoperator.provider.kfp.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A stateful stand-in for the KFP v2beta1 API server, plugged into WireMock as a global
 * transformer: pipelines with versions, experiments, runs and recurring runs live in memory and
 * behave as KFP's do where our client depends on it (unique names, versions block a pipeline
 * delete, list filters and paging, terminate, enable/disable). Every request is checked against
 * the swagger first and every response after; problems are collected in {@link #violations()}.
 */
public final class FakeKfpApi implements ResponseDefinitionTransformerV2 {

    /** A scripted failure: the next {@code times} matching requests get this google.rpc.Status. */
    private record Fault(String method, Pattern path, int httpStatus, int grpcCode, String message, int[] remaining) {
    }

    private record Route(String method, Pattern path, Handler handler) {
    }

    /**
     * How the answer to a request KFP carried out is lost on its way back: the connection is reset
     * (a pod restart, a dropped TCP connection), a gateway in front of KFP answers 502 instead (as
     * Istio's or an ingress's Envoy does when the upstream connection breaks), or the answer comes
     * after the client stopped waiting.
     */
    public enum LostAnswer { CONNECTION_RESET, BAD_GATEWAY, TOO_LATE }

    /** A scripted lost answer: the next {@code times} matching requests take effect, then their answer is lost. */
    private record Loss(String method, Pattern path, LostAnswer how, int[] remaining) {
    }

    /**
     * Rewrites an answer KFP wrote into a malformed one (the request itself was carried out). Gets
     * the request's method, path and query and KFP's answer body; returns the body sent instead.
     */
    @FunctionalInterface
    public interface AnswerMangler {
        String mangle(String method, String path, Map<String, List<String>> query, String body);
    }

    /** Mangles answer number {@code index} from now on (0 = the next), and, when sticky, every later one of that route. */
    private record Mangling(int index, boolean sticky, AnswerMangler mangler) {
    }

    /** Something another client does on KFP just before the next matching request is handled. */
    private record Interleaving(String method, Pattern path, Runnable action, boolean[] done) {
    }

    /** The top-level fields of KFP's PipelineSpec proto (pipeline_spec.proto); KFP refuses others. */
    private static final Set<String> PIPELINE_SPEC_FIELDS = Set.of("pipelineInfo", "deploymentSpec", "sdkVersion",
            "schemaVersion", "components", "root", "defaultPipelineRoot");

    @FunctionalInterface
    private interface Handler {
        Response handle(Call call);
    }

    private record Call(Request request, String path, Map<String, List<String>> query, Matcher params) {
        String param(int i) {
            return URLDecoder.decode(params.group(i), StandardCharsets.UTF_8);
        }

        Optional<String> query(String name) {
            return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty()).map(v -> v.get(0));
        }
    }

    private record Response(int status, String body) {
    }

    /** google.rpc.Status raised by a handler. */
    private static final class StatusException extends RuntimeException {
        private final int httpStatus;
        private final int grpcCode;

        StatusException(int httpStatus, int grpcCode, String message) {
            super(message);
            this.httpStatus = httpStatus;
            this.grpcCode = grpcCode;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper YAML = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
    private static final String API = "/apis/v2beta1";
    /** Requests after a mangled answer beyond which the client is taken to loop and answered 503. */
    public static final int LOOP_LIMIT = 1_000;
    private static final String ID = "([^/:]+)";
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELED", "SKIPPED");

    private final KfpApiSpecValidator validator;
    private final List<Route> routes = new ArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<Interleaving> interleavings = new CopyOnWriteArrayList<>();
    private final List<Loss> losses = new CopyOnWriteArrayList<>();
    private final List<String> lostAnswers = new CopyOnWriteArrayList<>();
    private volatile int tooLateMillis = 3_000;
    private volatile Mangling mangling;
    private final List<Map.Entry<Pattern, AnswerMangler>> routeManglers = new CopyOnWriteArrayList<>();
    private int answersSinceMangling;
    private String mangledRoute;
    private final Set<String> unsupportedFilterKeys = ConcurrentHashMap.newKeySet();
    private volatile int maxPageSize = 200;

    private final Map<String, ObjectNode> pipelines = new LinkedHashMap<>();
    private volatile boolean acceptUndeclaredParameters;
    private final Map<String, ObjectNode> versions = new LinkedHashMap<>();
    private final Map<String, String> versionFiles = new LinkedHashMap<>();
    private final Map<String, ObjectNode> experiments = new LinkedHashMap<>();
    private final Map<String, ObjectNode> runs = new LinkedHashMap<>();
    private final Map<String, ObjectNode> recurringRuns = new LinkedHashMap<>();

    public FakeKfpApi(KfpApiSpecValidator validator) {
        this.validator = validator;
        route("GET", API + "/healthz", c -> ok(MAPPER.createObjectNode().put("multi_user", false)
                .put("pipeline_store", "database")));
        route("POST", API + "/pipelines/upload", this::uploadPipeline);
        route("POST", API + "/pipelines/upload_version", this::uploadVersion);
        route("GET", API + "/pipelines", c -> list(c, pipelines.values(), "pipelines", Set.of("name", "display_name")));
        route("GET", API + "/pipelines/" + ID, c -> ok(existing(pipelines, c.param(1), "pipeline")));
        route("DELETE", API + "/pipelines/" + ID, this::deletePipeline);
        route("GET", API + "/pipelines/" + ID + "/versions", c -> {
            String pipelineId = existing(pipelines, c.param(1), "pipeline").get("pipeline_id").asText();
            return list(c, versions.values().stream()
                    .filter(v -> v.get("pipeline_id").asText().equals(pipelineId)).collect(Collectors.toList()),
                    "pipeline_versions", Set.of("name", "display_name"));
        });
        route("DELETE", API + "/pipelines/" + ID + "/versions/" + ID, c -> {
            existing(versions, c.param(2), "pipeline version");
            versions.remove(c.param(2));
            return ok(MAPPER.createObjectNode());
        });
        route("GET", API + "/experiments", c -> list(c, experiments.values(), "experiments", Set.of("display_name")));
        route("POST", API + "/experiments", this::createExperiment);
        route("GET", API + "/experiments/" + ID, c -> ok(existing(experiments, c.param(1), "experiment")));
        route("DELETE", API + "/experiments/" + ID, c -> {
            existing(experiments, c.param(1), "experiment");
            experiments.remove(c.param(1));
            return ok(MAPPER.createObjectNode());
        });
        route("GET", API + "/runs", c -> list(c, runs.values(), "runs",
                Set.of("display_name", "finished_at", "created_at")));
        route("POST", API + "/runs", this::createRun);
        route("GET", API + "/runs/" + ID, c -> ok(existing(runs, c.param(1), "run")));
        route("DELETE", API + "/runs/" + ID, c -> {
            existing(runs, c.param(1), "run");
            runs.remove(c.param(1));
            return ok(MAPPER.createObjectNode());
        });
        route("POST", API + "/runs/" + ID + ":terminate", c -> {
            ObjectNode run = existing(runs, c.param(1), "run");
            if (!TERMINAL.contains(run.get("state").asText())) {
                run.put("state", "CANCELED").put("finished_at", now());
            }
            return ok(MAPPER.createObjectNode());
        });
        route("GET", API + "/recurringruns", c -> list(c, recurringRuns.values(), "recurringRuns",
                Set.of("display_name")));
        route("POST", API + "/recurringruns", this::createRecurringRun);
        route("GET", API + "/recurringruns/" + ID, c -> ok(existing(recurringRuns, c.param(1), "recurring run")));
        route("DELETE", API + "/recurringruns/" + ID, c -> {
            existing(recurringRuns, c.param(1), "recurring run");
            recurringRuns.remove(c.param(1));
            return ok(MAPPER.createObjectNode());
        });
        route("POST", API + "/recurringruns/" + ID + ":enable", c -> setStatus(c.param(1), "ENABLED"));
        route("POST", API + "/recurringruns/" + ID + ":disable", c -> setStatus(c.param(1), "DISABLED"));
    }

    @Override
    public String getName() {
        return "fake-kfp-api";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        URI uri = URI.create(request.getUrl());
        String path = uri.getRawPath();
        String method = request.getMethod().getName();
        Map<String, List<String>> query = parseQuery(uri.getRawQuery());
        Response response;
        List<String> problems = validator.validateRequest(new KfpApiSpecValidator.ApiRequest(method, path, query,
                request.getHeader("Content-Type"), request.getBody()));
        if (!problems.isEmpty()) {
            violations.addAll(problems);
            response = status(400, 3, "request does not match the KFP API: " + String.join("; ", problems));
        } else if (clientLooping()) {
            // A client that keeps asking after a mangled answer is looping; stop it so the test can say so.
            response = status(503, 14, "fake KFP: more than " + LOOP_LIMIT + " requests after a mangled answer");
        } else {
            response = handle(method, path, request, query);
        }
        Optional<String> mangled = mangle(method, path, query, response.body());
        if (mangled.isPresent()) {
            // Off the spec on purpose: not a fake to fix.
            response = new Response(response.status(), mangled.get());
        } else {
            List<String> responseProblems = validator.validateResponse(method, path, response.status(),
                    response.body());
            violations.addAll(responseProblems.stream().map(p -> "fake response: " + p).toList());
        }
        ResponseDefinitionBuilder answer = new ResponseDefinitionBuilder()
                .withStatus(response.status())
                .withHeader("Content-Type", "application/json")
                .withBody(response.body());
        return takeLoss(method, path).map(how -> lose(answer, how, method + " " + path)).orElse(answer).build();
    }

    private synchronized boolean clientLooping() {
        return (mangling != null || !routeManglers.isEmpty()) && answersSinceMangling > LOOP_LIMIT;
    }

    /** How many requests were answered since {@link #mangleAnswer} (the client loops if this grows past {@link #LOOP_LIMIT}). */
    public synchronized int answersSinceMangling() {
        return answersSinceMangling;
    }

    private synchronized Optional<String> mangle(String method, String path, Map<String, List<String>> query,
            String body) {
        Mangling m = mangling;
        if (m == null && routeManglers.isEmpty()) {
            return Optional.empty();
        }
        int index = answersSinceMangling++;
        for (Map.Entry<Pattern, AnswerMangler> routeMangler : routeManglers) {
            if (routeMangler.getKey().matcher(method + " " + path).matches()) {
                mangledRoute = routeOf(method, path);
                return Optional.of(routeMangler.getValue().mangle(method, path, query, body));
            }
        }
        if (m == null) {
            return Optional.empty();
        }
        String route = routeOf(method, path);
        boolean mangleThis = index == m.index || (m.sticky && index > m.index && route.equals(mangledRoute));
        if (!mangleThis) {
            return Optional.empty();
        }
        mangledRoute = route;
        return Optional.of(m.mangler.mangle(method, path, query, body));
    }

    /** The route a request took (its method and path pattern), so a sticky mangling keeps to one endpoint. */
    private String routeOf(String method, String path) {
        for (Route route : routes) {
            if (route.method.equals(method) && route.path.matcher(path).matches()) {
                return method + " " + route.path.pattern();
            }
        }
        return method + " " + path;
    }

    private synchronized Optional<LostAnswer> takeLoss(String method, String path) {
        for (Loss loss : losses) {
            if (loss.method.equals(method) && loss.path.matcher(path).matches() && loss.remaining[0] != 0) {
                if (loss.remaining[0] > 0) {
                    loss.remaining[0]--;
                }
                return Optional.of(loss.how);
            }
        }
        return Optional.empty();
    }

    /** The answer KFP wrote (the change is made by now), replaced by what reaches the client. */
    private ResponseDefinitionBuilder lose(ResponseDefinitionBuilder answer, LostAnswer how, String request) {
        lostAnswers.add(request);
        return switch (how) {
            case CONNECTION_RESET -> new ResponseDefinitionBuilder()
                    .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER);
            // What Envoy answers when the upstream connection breaks before the response headers.
            case BAD_GATEWAY -> new ResponseDefinitionBuilder().withStatus(502)
                    .withHeader("Content-Type", "text/plain")
                    .withBody("upstream connect error or disconnect/reset before headers. reset reason: connection termination");
            case TOO_LATE -> answer.withFixedDelay(tooLateMillis);
        };
    }

    private synchronized Response handle(String method, String path, Request request,
            Map<String, List<String>> query) {
        for (Interleaving other : interleavings) {
            if (!other.done[0] && other.method.equals(method) && other.path.matcher(path).matches()) {
                other.done[0] = true;
                other.action.run();
            }
        }
        for (Fault fault : faults) {
            if (fault.method.equals(method) && fault.path.matcher(path).matches() && fault.remaining[0] != 0) {
                if (fault.remaining[0] > 0) {
                    fault.remaining[0]--;
                }
                return status(fault.httpStatus, fault.grpcCode, fault.message);
            }
        }
        for (Route route : routes) {
            Matcher m = route.path.matcher(path);
            if (route.method.equals(method) && m.matches()) {
                try {
                    return route.handler.handle(new Call(request, path, query, m));
                } catch (StatusException e) {
                    return status(e.httpStatus, e.grpcCode, e.getMessage());
                }
            }
        }
        return status(404, 5, "Not Found: " + method + " " + path);
    }

    // ---- test controls ---------------------------------------------------------------------

    /** Requests or fake responses that did not match the swagger; a test passes only with none. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** The next {@code times} requests (-1 = all) matching method and path regex fail with this status. */
    public void failNext(String method, String pathRegex, int times, int httpStatus, int grpcCode, String message) {
        faults.add(new Fault(method, Pattern.compile(pathRegex), httpStatus, grpcCode, message, new int[] {times}));
    }

    /**
     * The next {@code times} requests (-1 = all) matching method and path regex are carried out as
     * usual (whatever they create or change stays), then their answer is lost as {@code how}.
     */
    public void loseAnswerOfNext(String method, String pathRegex, int times, LostAnswer how) {
        losses.add(new Loss(method, Pattern.compile(pathRegex), how, new int[] {times}));
    }

    /**
     * Answer number {@code index} from now on (0 = the next answer, whatever it answers) goes out as
     * {@code mangler} rewrites it; with {@code sticky}, so does every later answer of the same
     * route, as a KFP with a bug would keep answering. The request is carried out as usual.
     */
    public synchronized void mangleAnswer(int index, boolean sticky, AnswerMangler mangler) {
        mangling = new Mangling(index, sticky, mangler);
        answersSinceMangling = 0;
        mangledRoute = null;
    }

    /** Every answer to a request matching method and path regex goes out as {@code mangler} rewrites it. */
    public synchronized void mangleAnswersTo(String method, String pathRegex, AnswerMangler mangler) {
        answersSinceMangling = 0;
        routeManglers.add(Map.entry(Pattern.compile(Pattern.quote(method + " ") + pathRegex), mangler));
    }

    /** Whether a mangled answer went out since {@link #mangleAnswer}. */
    public synchronized boolean mangledAnAnswer() {
        return mangledRoute != null;
    }

    /** Forgets every object, fault and mangling: a fresh KFP on the same server. */
    public synchronized void reset() {
        pipelines.clear();
        versions.clear();
        versionFiles.clear();
        experiments.clear();
        runs.clear();
        recurringRuns.clear();
        faults.clear();
        losses.clear();
        interleavings.clear();
        lostAnswers.clear();
        violations.clear();
        unsupportedFilterKeys.clear();
        mangling = null;
        routeManglers.clear();
        mangledRoute = null;
        answersSinceMangling = 0;
        maxPageSize = 200;
        acceptUndeclaredParameters = false;
    }

    /** How long a {@link LostAnswer#TOO_LATE} answer is held back; longer than the client's request timeout. */
    public void answerTooLateAfter(java.time.Duration delay) {
        tooLateMillis = (int) delay.toMillis();
    }

    /** The requests ({@code METHOD path}) whose answers were lost so far, oldest first. */
    public List<String> lostAnswers() {
        return List.copyOf(lostAnswers);
    }

    /** Runs {@code action} (another client's change) just before the next request matching method and path regex. */
    public void beforeNext(String method, String pathRegex, Runnable action) {
        interleavings.add(new Interleaving(method, Pattern.compile(pathRegex), action, new boolean[] {false}));
    }

    /** An experiment made by someone else (another client, or an earlier create whose answer was lost). */
    public synchronized String insertExperiment(String displayName, String description) {
        String id = UUID.randomUUID().toString();
        experiments.put(id, MAPPER.createObjectNode().put("experiment_id", id).put("display_name", displayName)
                .put("description", description).put("created_at", now()).put("storage_state", "AVAILABLE"));
        return id;
    }

    /** A pipeline (with KFP's initial version named after it) uploaded by someone else. */
    public synchronized String insertPipeline(String name, String content) {
        String id = UUID.randomUUID().toString();
        pipelines.put(id, MAPPER.createObjectNode().put("pipeline_id", id).put("name", name).put("display_name", name)
                .put("description", "").put("created_at", now()));
        addVersion(id, name, name, content);
        return id;
    }

    /** A version of an existing pipeline uploaded by someone else. */
    public synchronized String insertVersion(String pipelineId, String name, String content) {
        return addVersion(pipelineId, name, name, content).get("pipeline_version_id").asText();
    }

    /**
     * Stops checking runtime parameters against the pipeline's inputs (the shared contract suite
     * sends parameters its reference pipelines do not declare; real KFP would refuse them).
     */
    public void acceptUndeclaredParameters() {
        acceptUndeclaredParameters = true;
    }

    /** A recurring run created by another client (e.g. the Go provider), stored as KFP would answer it. */
    public synchronized String insertRecurringRun(ObjectNode recurringRun) {
        ObjectNode body = recurringRun.deepCopy();
        checkReferences(body);
        String id = UUID.randomUUID().toString();
        body.put("recurring_run_id", id).put("created_at", now()).put("updated_at", now())
                .put("status", "DISABLE".equals(body.path("mode").asText()) ? "DISABLED" : "ENABLED");
        recurringRuns.put(id, body);
        return id;
    }

    public void clearFaults() {
        faults.clear();
        losses.clear();
    }

    /** Makes list filters on this key fail as an older KFP would (InvalidArgument). */
    public void rejectFilterKey(String key) {
        unsupportedFilterKeys.add(key);
    }

    /** Serves at most this many items per page, whatever the client asks for, so paging is exercised. */
    public void capPageSize(int max) {
        maxPageSize = max;
    }

    public synchronized List<ObjectNode> pipelines() {
        return copies(pipelines.values());
    }

    public synchronized List<ObjectNode> versionsOf(String pipelineId) {
        return copies(versions.values().stream().filter(v -> v.get("pipeline_id").asText().equals(pipelineId))
                .toList());
    }

    public synchronized String uploadedFile(String versionId) {
        return versionFiles.get(versionId);
    }

    public synchronized List<ObjectNode> experiments() {
        return copies(experiments.values());
    }

    public synchronized List<ObjectNode> runs() {
        return copies(runs.values());
    }

    public synchronized ObjectNode run(String id) {
        return Optional.ofNullable(runs.get(id)).map(ObjectNode::deepCopy).orElse(null);
    }

    public synchronized List<ObjectNode> recurringRuns() {
        return copies(recurringRuns.values());
    }

    public synchronized ObjectNode recurringRun(String id) {
        return Optional.ofNullable(recurringRuns.get(id)).map(ObjectNode::deepCopy).orElse(null);
    }

    /** Moves a run to a state, as the KFP persistence agent would report it. */
    public synchronized void setRunState(String runId, String state) {
        runs.get(runId).put("state", state);
    }

    /** Finishes a run at {@code finishedAt}; {@code outputs} maps task name → output name → MLMD artifact ids. */
    public synchronized void finishRun(String runId, String state, Instant finishedAt,
            Map<String, Map<String, List<String>>> outputs) {
        ObjectNode run = runs.get(runId);
        run.put("state", state).put("finished_at", finishedAt.toString());
        ArrayNode tasks = run.putObject("run_details").putArray("task_details");
        outputs.forEach((task, outs) -> {
            ObjectNode detail = tasks.addObject().put("run_id", runId).put("task_id", UUID.randomUUID().toString())
                    .put("display_name", task).put("state", state);
            ObjectNode o = detail.putObject("outputs");
            outs.forEach((name, ids) -> {
                ArrayNode list = o.putObject(name).putArray("artifact_ids");
                ids.forEach(list::add);
            });
        });
    }

    /** A run someone started by hand (UI, SDK) on the pipeline's latest version, with these parameters. */
    public synchronized String insertRun(String pipelineId, String displayName, Map<String, String> parameters) {
        String id = UUID.randomUUID().toString();
        ObjectNode run = MAPPER.createObjectNode().put("run_id", id).put("display_name", displayName)
                .put("storage_state", "AVAILABLE").put("state", "RUNNING").put("created_at", now())
                .put("scheduled_at", now()).put("finished_at", Instant.EPOCH.toString());
        run.putObject("pipeline_version_reference").put("pipeline_id", pipelineId)
                .put("pipeline_version_id", latestVersionOf(pipelineId));
        ObjectNode values = run.putObject("runtime_config").putObject("parameters");
        parameters.forEach(values::put);
        runs.put(id, run);
        return id;
    }

    /** A run started by a recurring run: KFP names it itself and copies no description. */
    public synchronized String startScheduledRun(String recurringRunId) {
        ObjectNode schedule = recurringRuns.get(recurringRunId);
        String id = UUID.randomUUID().toString();
        ObjectNode run = MAPPER.createObjectNode()
                .put("run_id", id)
                .put("display_name", schedule.get("display_name").asText() + "-" + id.substring(0, 8))
                .put("experiment_id", schedule.path("experiment_id").asText(""))
                .put("recurring_run_id", recurringRunId)
                .put("storage_state", "AVAILABLE")
                .put("state", "RUNNING")
                .put("created_at", now())
                .put("scheduled_at", now())
                .put("finished_at", Instant.EPOCH.toString());
        run.set("pipeline_version_reference", schedule.get("pipeline_version_reference").deepCopy());
        run.set("runtime_config", schedule.path("runtime_config").deepCopy());
        runs.put(id, run);
        return id;
    }

    // ---- handlers --------------------------------------------------------------------------

    private Response uploadPipeline(Call c) {
        Multipart.Part file = uploadFile(c);
        String name = c.query("name").or(() -> c.query("display_name")).orElse(file.fileName());
        String namespace = c.query("namespace").orElse("");
        boolean taken = pipelines.values().stream().anyMatch(p -> p.get("name").asText().equals(name)
                && p.path("namespace").asText("").equals(namespace));
        if (taken) {
            throw new StatusException(409, 6, "Failed to create a new pipeline. The name " + name + " already exist."
                    + " Please specify a new name");
        }
        String id = UUID.randomUUID().toString();
        ObjectNode pipeline = MAPPER.createObjectNode()
                .put("pipeline_id", id)
                .put("name", name)
                .put("display_name", c.query("display_name").orElse(name))
                .put("description", c.query("description").orElse(""))
                .put("created_at", now());
        if (!namespace.isEmpty()) {
            pipeline.put("namespace", namespace);
        }
        pipelines.put(id, pipeline);
        // KFP creates a first version named after the pipeline with the uploaded file.
        addVersion(id, name, name, file.text());
        return ok(pipeline);
    }

    private Response uploadVersion(Call c) {
        Multipart.Part file = uploadFile(c);
        String pipelineId = c.query("pipelineid").orElseThrow(() ->
                new StatusException(400, 3, "Failed to create a pipeline version due to missing pipeline id"));
        existing(pipelines, pipelineId, "pipeline");
        String name = c.query("name").or(() -> c.query("display_name")).orElse(file.fileName());
        boolean taken = versions.values().stream().anyMatch(v -> v.get("pipeline_id").asText().equals(pipelineId)
                && v.get("name").asText().equals(name));
        if (taken) {
            throw new StatusException(409, 6, "Failed to create a pipeline version. The name " + name
                    + " already exists in pipeline " + pipelineId);
        }
        return ok(addVersion(pipelineId, name, c.query("display_name").orElse(name), file.text()));
    }

    private ObjectNode addVersion(String pipelineId, String name, String displayName, String content) {
        String id = UUID.randomUUID().toString();
        ObjectNode version = MAPPER.createObjectNode()
                .put("pipeline_id", pipelineId)
                .put("pipeline_version_id", id)
                .put("name", name)
                .put("display_name", displayName)
                .put("created_at", now());
        versions.put(id, version);
        versionFiles.put(id, content);
        return version;
    }

    private Multipart.Part uploadFile(Call c) {
        Multipart.Part file = Multipart.parse(c.request.getHeader("Content-Type"), c.request.getBody()).stream()
                .filter(p -> "uploadfile".equals(p.name())).findFirst()
                .orElseThrow(() -> new StatusException(400, 3, "Failed to read pipeline from file"));
        checkPipelineSpec(file.text());
        return file;
    }

    /**
     * KFP reads the uploaded file as a PipelineSpec (first YAML document; later ones are platform
     * specs) and refuses unknown fields and a spec without name, root or schema version.
     */
    private static void checkPipelineSpec(String text) {
        JsonNode spec;
        try {
            spec = YAML.readTree(text);
        } catch (IOException e) {
            throw new StatusException(400, 3, "Failed to parse the pipeline spec: " + e.getMessage());
        }
        if (spec == null || !spec.isObject()) {
            throw new StatusException(400, 3, "Failed to parse the pipeline spec: not a YAML object");
        }
        spec.fieldNames().forEachRemaining(field -> {
            if (!PIPELINE_SPEC_FIELDS.contains(field)) {
                throw new StatusException(400, 3, "Invalid pipeline spec: unknown field \"" + field + "\"");
            }
        });
        if (spec.path("pipelineInfo").path("name").asText("").isBlank()) {
            throw new StatusException(400, 3, "Invalid pipeline spec: pipelineInfo.name is empty");
        }
        if (!spec.path("root").isObject()) {
            throw new StatusException(400, 3, "Invalid pipeline spec: root is missing");
        }
        if (spec.path("schemaVersion").asText("").isBlank()) {
            throw new StatusException(400, 3, "Invalid pipeline spec: schemaVersion is missing");
        }
    }

    private Response deletePipeline(Call c) {
        String id = existing(pipelines, c.param(1), "pipeline").get("pipeline_id").asText();
        if (versions.values().stream().anyMatch(v -> v.get("pipeline_id").asText().equals(id))) {
            throw new StatusException(400, 9, "Failed to delete pipeline " + id
                    + ". The pipeline has pipeline versions and cascade is false");
        }
        pipelines.remove(id);
        return ok(MAPPER.createObjectNode());
    }

    private Response createExperiment(Call c) {
        ObjectNode body = jsonBody(c);
        String name = body.path("display_name").asText("");
        if (name.isBlank()) {
            throw new StatusException(400, 3, "Experiment display name is required");
        }
        if (experiments.values().stream().anyMatch(e -> e.get("display_name").asText().equals(name))) {
            throw new StatusException(409, 6, "Experiment with name " + name + " already exists");
        }
        String id = UUID.randomUUID().toString();
        body.put("experiment_id", id).put("created_at", now()).put("storage_state", "AVAILABLE");
        experiments.put(id, body);
        return ok(body);
    }

    private Response createRun(Call c) {
        ObjectNode body = jsonBody(c);
        if (body.path("display_name").asText("").isBlank()) {
            throw new StatusException(400, 3, "Run display name is required");
        }
        checkReferences(body);
        String id = UUID.randomUUID().toString();
        body.put("run_id", id)
                .put("storage_state", "AVAILABLE")
                .put("state", "PENDING")
                .put("created_at", now())
                .put("scheduled_at", now())
                .put("finished_at", Instant.EPOCH.toString());
        runs.put(id, body);
        return ok(body);
    }

    private Response createRecurringRun(Call c) {
        ObjectNode body = jsonBody(c);
        if (body.path("display_name").asText("").isBlank()) {
            throw new StatusException(400, 3, "Recurring run display name is required");
        }
        String cron = body.path("trigger").path("cron_schedule").path("cron").asText("");
        // KFP's scheduler parses cron with seconds (six fields) or a @descriptor.
        if (!cron.startsWith("@") && cron.trim().split("\\s+").length != 6) {
            throw new StatusException(400, 3, "Invalid cron schedule '" + cron + "': expected 6 fields");
        }
        long maxConcurrency = Long.parseLong(body.path("max_concurrency").asText("0"));
        if (maxConcurrency < 1 || maxConcurrency > 10) {
            throw new StatusException(400, 3, "max_concurrency must be in [1, 10]");
        }
        checkReferences(body);
        String id = UUID.randomUUID().toString();
        body.put("recurring_run_id", id)
                .put("created_at", now())
                .put("updated_at", now())
                .put("status", "DISABLE".equals(body.path("mode").asText()) ? "DISABLED" : "ENABLED");
        recurringRuns.put(id, body);
        return ok(body);
    }

    private void checkReferences(ObjectNode body) {
        JsonNode ref = body.path("pipeline_version_reference");
        String pipelineId = ref.path("pipeline_id").asText("");
        if (!pipelines.containsKey(pipelineId)) {
            throw new StatusException(404, 5, "Pipeline " + pipelineId + " not found");
        }
        String versionId = ref.path("pipeline_version_id").asText("");
        if (!versionId.isEmpty() && (!versions.containsKey(versionId)
                || !versions.get(versionId).get("pipeline_id").asText().equals(pipelineId))) {
            throw new StatusException(404, 5, "Pipeline version " + versionId + " not found");
        }
        String experimentId = body.path("experiment_id").asText("");
        if (!experimentId.isEmpty() && !experiments.containsKey(experimentId)) {
            throw new StatusException(404, 5, "Experiment " + experimentId + " not found");
        }
        checkParametersDeclared(body, versionId.isEmpty() ? latestVersionOf(pipelineId) : versionId);
    }

    /** KFP refuses runtime parameters the pipeline's root does not declare (InvalidInput), as its v2 template does. */
    private void checkParametersDeclared(ObjectNode body, String versionId) {
        String file = versionFiles.get(versionId);
        if (file == null || acceptUndeclaredParameters) {
            return;
        }
        JsonNode declared;
        try {
            declared = YAML.readTree(file).path("root").path("inputDefinitions").path("parameters");
        } catch (IOException e) {
            return;
        }
        List<String> extra = new java.util.ArrayList<>();
        body.path("runtime_config").path("parameters").fieldNames().forEachRemaining(name -> {
            if (!declared.has(name)) {
                extra.add(name);
            }
        });
        if (!extra.isEmpty()) {
            throw new StatusException(400, 3, "invalid pipeline job inputs: parameter(s) provided are not required"
                    + " by pipeline: " + String.join(", ", extra));
        }
    }

    private String latestVersionOf(String pipelineId) {
        String latest = "";
        for (ObjectNode v : versions.values()) {
            if (v.get("pipeline_id").asText().equals(pipelineId)) {
                latest = v.get("pipeline_version_id").asText();
            }
        }
        return latest;
    }

    private Response setStatus(String id, String status) {
        existing(recurringRuns, id, "recurring run").put("status", status).put("updated_at", now());
        return ok(MAPPER.createObjectNode());
    }

    // ---- listing ---------------------------------------------------------------------------

    private Response list(Call c, java.util.Collection<ObjectNode> all, String field, Set<String> filterKeys) {
        Predicate<JsonNode> filter = c.query("filter").map(f -> parseFilter(f, filterKeys)).orElse(x -> true);
        List<ObjectNode> matching = all.stream().filter(filter).toList();
        int size = Math.min(maxPageSize, c.query("page_size").map(Integer::parseInt).filter(n -> n > 0).orElse(20));
        int offset = c.query("page_token").map(t -> {
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new StatusException(400, 3, "Invalid page token");
            }
        }).orElse(0);
        ObjectNode page = MAPPER.createObjectNode();
        ArrayNode items = page.putArray(field);
        matching.stream().skip(offset).limit(size).forEach(items::add);
        page.put("total_size", matching.size());
        if (offset + size < matching.size()) {
            page.put("next_page_token", String.valueOf(offset + size));
        }
        return ok(page);
    }

    private Predicate<JsonNode> parseFilter(String text, Set<String> supportedKeys) {
        JsonNode filter;
        try {
            filter = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new StatusException(400, 3, "Invalid filter: " + e.getMessage());
        }
        Predicate<JsonNode> all = x -> true;
        for (JsonNode p : filter.path("predicates")) {
            String key = p.path("key").asText();
            if (!supportedKeys.contains(key) || unsupportedFilterKeys.contains(key)) {
                throw new StatusException(400, 3, "Invalid input error: no support for filtering on " + key);
            }
            all = all.and(predicate(key, p));
        }
        return all;
    }

    private static Predicate<JsonNode> predicate(String key, JsonNode p) {
        String op = p.path("operation").asText();
        if (p.has("timestamp_value")) {
            long value = Instant.parse(p.get("timestamp_value").asText()).getEpochSecond();
            return o -> {
                long actual = Instant.parse(o.path(key).asText(Instant.EPOCH.toString())).getEpochSecond();
                return switch (op) {
                    case "EQUALS" -> actual == value;
                    case "GREATER_THAN" -> actual > value;
                    case "GREATER_THAN_EQUALS" -> actual >= value;
                    case "LESS_THAN" -> actual < value;
                    case "LESS_THAN_EQUALS" -> actual <= value;
                    default -> throw new StatusException(400, 3, "Unsupported operation " + op + " on " + key);
                };
            };
        }
        if ("IN".equals(op)) {
            List<String> values = new ArrayList<>();
            p.path("string_values").path("values").forEach(v -> values.add(v.asText()));
            return o -> values.contains(o.path(key).asText());
        }
        String value = p.path("string_value").asText();
        return switch (op) {
            case "EQUALS" -> o -> o.path(key).asText().equals(value);
            case "NOT_EQUALS" -> o -> !o.path(key).asText().equals(value);
            case "IS_SUBSTRING" -> o -> o.path(key).asText().contains(value);
            default -> throw new StatusException(400, 3, "Unsupported operation " + op + " on " + key);
        };
    }

    // ---- helpers ---------------------------------------------------------------------------

    private void route(String method, String pathRegex, Handler handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex), handler));
    }

    private static ObjectNode existing(Map<String, ObjectNode> store, String id, String kind) {
        ObjectNode found = store.get(id);
        if (found == null) {
            throw new StatusException(404, 5, "Failed to get " + kind + ": " + kind + " " + id + " not found");
        }
        return found;
    }

    private static ObjectNode jsonBody(Call c) {
        try {
            return (ObjectNode) MAPPER.readTree(c.request.getBody());
        } catch (IOException | ClassCastException e) {
            throw new StatusException(400, 3, "Invalid JSON body");
        }
    }

    private static Response ok(JsonNode body) {
        return new Response(200, body.toString());
    }

    private static Response status(int httpStatus, int grpcCode, String message) {
        ObjectNode status = MAPPER.createObjectNode().put("code", grpcCode).put("message", message);
        status.putArray("details");
        return new Response(httpStatus, status.toString());
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static List<ObjectNode> copies(java.util.Collection<ObjectNode> nodes) {
        return Collections.unmodifiableList(nodes.stream().map(ObjectNode::deepCopy).toList());
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }
}
