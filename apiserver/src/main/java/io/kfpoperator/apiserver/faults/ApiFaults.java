package io.kfpoperator.apiserver.faults;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Errors the API server answers instead of serving a request, for tests of how clients survive
 * them: 409 Conflict, 500 InternalError and 429 TooManyRequests (with Retry-After) on chosen verbs
 * and resources, at a rate or for a count, each with the {@code meta/v1 Status} kube-apiserver
 * answers (k8s.io/apimachinery errors.NewConflict, NewInternalError, NewTooManyRequests). A fault
 * fires before the request is served: nothing is written. Watch expiry is
 * {@code ApiServer.expireWatches()}; a rule with code 410 on {@code watch} answers new watches with
 * the ERROR event a too-old resourceVersion gets.
 *
 * <p>Draws come from one seeded random, so a seed and the same request order replay the same faults.
 * Thread-safe.
 */
public final class ApiFaults {

    /** The verbs of kube-apiserver's request info. */
    public static final Set<String> VERBS = Set.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");

    /**
     * @param verb     one of {@link #VERBS}, or {@code *}
     * @param resource the plural, with {@code /subresource} for a subresource ({@code runs/status});
     *                 {@code *} is every resource and subresource
     * @param code     409, 500, 429, or 410 (watch only)
     * @param rate     probability (0..1) that a matching request is refused
     * @param count    how many requests this rule refuses at most; negative is no limit
     * @param retryAfterSeconds sent as {@code Retry-After} and {@code details.retryAfterSeconds} (429; 0 leaves them out on 500)
     */
    public record Rule(String verb, String resource, int code, double rate, long count, int retryAfterSeconds) {
        public Rule {
            verb = verb.toLowerCase(Locale.ROOT);
            if (!verb.equals("*") && !VERBS.contains(verb)) {
                throw new IllegalArgumentException("unknown verb '" + verb + "'; known: " + String.join(", ", VERBS.stream().sorted().toList()) + ", *");
            }
            if (code != 409 && code != 500 && code != 429 && code != 410) {
                throw new IllegalArgumentException("injected faults are 409, 500, 429 or 410, not " + code);
            }
            if (code == 410 && !verb.equals("watch")) {
                throw new IllegalArgumentException("410 Expired is a watch's answer; use verb watch");
            }
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("rate must be between 0 and 1, was " + rate);
            }
            if (code == 429 && retryAfterSeconds < 1) {
                retryAfterSeconds = 1;
            }
        }

        /** Every matching request, {@code count} times. */
        public static Rule times(long count, String verb, String resource, int code) {
            return new Rule(verb, resource, code, 1.0, count, 1);
        }

        /** A share of the matching requests, without end. */
        public static Rule rate(double rate, String verb, String resource, int code) {
            return new Rule(verb, resource, code, rate, -1, 1);
        }

        boolean matches(String verb, String resource) {
            return (this.verb.equals("*") || this.verb.equals(verb)) && (this.resource.equals("*") || this.resource.equals(resource));
        }

        /**
         * Reads {@code VERB:RESOURCE:CODE:RATE[:COUNT]}, e.g. {@code patch:runs/status:409:0.05} or
         * {@code *:*:500:1:3} (the first three requests): the sandbox's --api-faults.
         */
        public static Rule parse(String spec) {
            String[] parts = spec.trim().split(":");
            if (parts.length < 4 || parts.length > 5) {
                throw new IllegalArgumentException("expected VERB:RESOURCE:CODE:RATE[:COUNT], got '" + spec + "'");
            }
            try {
                return new Rule(parts[0], parts[1], Integer.parseInt(parts[2]), Double.parseDouble(parts[3]),
                        parts.length == 5 ? Long.parseLong(parts[4]) : -1, 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected VERB:RESOURCE:CODE:RATE[:COUNT] with numbers, got '" + spec + "'");
            }
        }
    }

    /** A refusal: the HTTP code, the Status body and the Retry-After seconds (0: no header). */
    public record Injected(int code, ObjectNode status, int retryAfterSeconds) {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final List<Active> rules = new CopyOnWriteArrayList<>();
    private final AtomicLong injected = new AtomicLong();
    private final Random random;

    public ApiFaults(long seed) {
        this.random = new Random(seed);
    }

    /** Adds a rule; rules are tried in the order they were added and the first that fires answers. */
    public ApiFaults inject(Rule rule) {
        rules.add(new Active(rule));
        return this;
    }

    /** Removes every rule: from now on every request is served. */
    public void clear() {
        rules.clear();
    }

    public List<Rule> rules() {
        List<Rule> list = new ArrayList<>();
        rules.forEach(a -> list.add(a.rule));
        return list;
    }

    /** How many requests were refused so far. */
    public long injected() {
        return injected.get();
    }

    /**
     * The refusal for a request, if a rule fires. {@code group} and {@code plural} name the
     * resource, {@code name} the object (null for lists and creates).
     */
    public Optional<Injected> decide(String verb, String group, String plural, String subresource, String name) {
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        String resource = subresource == null ? plural : plural + "/" + subresource;
        for (Active active : rules) {
            if (!active.rule.matches(verb, resource)) {
                continue;
            }
            boolean fire;
            synchronized (random) {
                fire = (active.rule.count < 0 || active.fired.get() < active.rule.count) && random.nextDouble() < active.rule.rate;
                if (fire) {
                    active.fired.incrementAndGet();
                }
            }
            if (fire) {
                injected.incrementAndGet();
                return Optional.of(answer(active.rule, group, plural, name));
            }
        }
        return Optional.empty();
    }

    private static Injected answer(Rule rule, String group, String plural, String name) {
        String qualified = group.isEmpty() ? plural : plural + "." + group;
        return switch (rule.code) {
            case 409 -> {
                ObjectNode status = status(409, "Conflict", "Operation cannot be fulfilled on " + qualified + " \"" + (name == null ? "" : name)
                        + "\": the object has been modified; please apply your changes to the latest version and try again");
                ObjectNode details = status.putObject("details");
                if (name != null) {
                    details.put("name", name);
                }
                if (!group.isEmpty()) {
                    details.put("group", group);
                }
                details.put("kind", plural);
                status.put("code", 409);
                yield new Injected(409, status, 0);
            }
            case 500 -> {
                ObjectNode status = status(500, "InternalError", "Internal error occurred: injected fault");
                ObjectNode details = status.putObject("details");
                details.putArray("causes").addObject().put("message", "injected fault");
                status.put("code", 500);
                yield new Injected(500, status, 0);
            }
            case 429 -> {
                ObjectNode status = status(429, "TooManyRequests", "Too many requests, please try again later.");
                status.putObject("details").put("retryAfterSeconds", rule.retryAfterSeconds);
                status.put("code", 429);
                yield new Injected(429, status, rule.retryAfterSeconds);
            }
            default -> {
                ObjectNode status = status(410, "Expired", "too old resource version: injected expiry");
                status.put("code", 410);
                yield new Injected(410, status, 0);
            }
        };
    }

    /** The Status fields in the order kube-apiserver serialises them (details and code follow). */
    private static ObjectNode status(int code, String reason, String message) {
        ObjectNode status = JSON.objectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        return status.put("status", "Failure").put("message", message).put("reason", reason);
    }

    private static final class Active {
        final Rule rule;
        final AtomicLong fired = new AtomicLong();

        Active(Rule rule) {
            this.rule = rule;
        }
    }
}
