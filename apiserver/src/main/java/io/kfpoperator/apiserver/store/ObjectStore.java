package io.kfpoperator.apiserver.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Every object the server holds, with one revision counter for all of them (etcd's), and the
 * recent history of changes that watches resume from. Objects are keyed by group, plural,
 * namespace and name, independent of the version they were written in.
 *
 * <p>All writes go through {@link #commit}, which stamps the new revision into the object's
 * {@code metadata.resourceVersion} and tells the watchers, in revision order. Objects handed out
 * are copies: nobody outside can change a stored object.
 */
public final class ObjectStore {

    /** One stored object's address. */
    public record Key(String group, String plural, String namespace, String name) implements Comparable<Key> {
        public Key {
            namespace = namespace == null ? "" : namespace;
        }

        String sortKey() {
            return group + "/" + plural + "/" + namespace + "/" + name;
        }

        @Override
        public int compareTo(Key other) {
            return sortKey().compareTo(other.sortKey());
        }
    }

    /**
     * What happened to an object at a revision: the object after (or, deleted, as it was last),
     * and before (null when added), so a filtered watch can tell an object that left its selection.
     */
    public record Change(Type type, Key key, ObjectNode object, ObjectNode previous, long revision) {
        public enum Type { ADDED, MODIFIED, DELETED }
    }

    /**
     * The answer to a watch or a continued list that starts too far back: the history no longer
     * reaches that revision. The message is the watch cache's: "too old resource version:
     * &lt;asked&gt; (&lt;oldest it can start from&gt;)".
     */
    public static final class ExpiredException extends Exception {
        private final long oldest;

        ExpiredException(long requested, long oldest) {
            super("too old resource version: " + requested + " (" + oldest + ")");
            this.oldest = oldest;
        }

        /** The oldest revision a watch or list can still start from. */
        public long oldest() {
            return oldest;
        }
    }

    /** A registered watcher; {@link #cancel()} stops deliveries. */
    public interface Subscription {
        void cancel();
    }

    private final TreeMap<String, Map.Entry<Key, ObjectNode>> objects = new TreeMap<>();
    private final ArrayDeque<Change> history = new ArrayDeque<>();
    private final int historyLimit;
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private long revision;
    /** The oldest revision a watch may resume from; moved on by {@link #compact()} and by history trimming. */
    private long compacted;

    public ObjectStore(int historyLimit) {
        this.historyLimit = historyLimit;
    }

    public synchronized long revision() {
        return revision;
    }

    public synchronized Optional<ObjectNode> get(Key key) {
        Map.Entry<Key, ObjectNode> entry = objects.get(key.sortKey());
        return entry == null ? Optional.empty() : Optional.of(entry.getValue().deepCopy());
    }

    /** The apiVersion the object was last written at (what etcd holds), "" when there is none; no copy. */
    public synchronized String apiVersion(Key key) {
        Map.Entry<Key, ObjectNode> entry = objects.get(key.sortKey());
        return entry == null ? "" : entry.getValue().path("apiVersion").asText("");
    }

    /** A consistent snapshot of one kind (one namespace, or all when {@code namespace} is null), in key order, at {@link Listing#revision()}. */
    public synchronized Listing list(String group, String plural, String namespace, Predicate<ObjectNode> filter) {
        String prefix = group + "/" + plural + "/" + (namespace == null ? "" : namespace + "/");
        List<ObjectNode> items = new ArrayList<>();
        for (Map.Entry<Key, ObjectNode> entry : objects.tailMap(prefix, true).values()) {
            if (!entry.getKey().sortKey().startsWith(prefix)) {
                break;
            }
            if (filter.test(entry.getValue())) {
                items.add(entry.getValue().deepCopy());
            }
        }
        return new Listing(items, revision);
    }

    /**
     * The objects of one kind as they were at revision {@code at}, as etcd reads a range at a past
     * revision: the current ones with the later changes undone from the history. For the pages
     * of a chunked list, which all show the first page's snapshot.
     *
     * @throws ExpiredException when the history no longer reaches {@code at} (compaction)
     */
    public synchronized Listing listAt(String group, String plural, String namespace, Predicate<ObjectNode> filter, long at)
            throws ExpiredException {
        if (at >= revision) {
            return list(group, plural, namespace, filter);
        }
        if (at < compacted) {
            throw new ExpiredException(at, compacted);
        }
        String prefix = group + "/" + plural + "/" + (namespace == null ? "" : namespace + "/");
        TreeMap<String, ObjectNode> state = new TreeMap<>();
        for (Map.Entry<Key, ObjectNode> entry : objects.tailMap(prefix, true).values()) {
            if (!entry.getKey().sortKey().startsWith(prefix)) {
                break;
            }
            state.put(entry.getKey().sortKey(), entry.getValue());
        }
        for (java.util.Iterator<Change> newestFirst = history.descendingIterator(); newestFirst.hasNext(); ) {
            Change change = newestFirst.next();
            if (change.revision() <= at) {
                break;
            }
            String key = change.key().sortKey();
            if (!key.startsWith(prefix)) {
                continue;
            }
            if (change.type() == Change.Type.ADDED) {
                state.remove(key);
            } else {
                state.put(key, change.previous());
            }
        }
        List<ObjectNode> items = new ArrayList<>();
        for (ObjectNode object : state.values()) {
            if (filter.test(object)) {
                items.add(object.deepCopy());
            }
        }
        return new Listing(items, at);
    }

    /**
     * The metadata of every stored object (and the spec of CRDs), for the garbage collector:
     * copies of what it reads, not of whole objects, so a pass stays cheap with many objects.
     */
    public synchronized List<Map.Entry<Key, ObjectNode>> allMetadata() {
        List<Map.Entry<Key, ObjectNode>> all = new ArrayList<>(objects.size());
        for (Map.Entry<Key, ObjectNode> entry : objects.values()) {
            ObjectNode summary = entry.getValue().objectNode();
            summary.set("metadata", entry.getValue().path("metadata").deepCopy());
            if (entry.getKey().plural().equals("customresourcedefinitions") || entry.getKey().plural().equals("namespaces")) {
                summary.set("spec", entry.getValue().path("spec").deepCopy());
            }
            all.add(Map.entry(entry.getKey(), summary));
        }
        return all;
    }

    /** Objects at a revision; {@code subscription} is set when the listing started a watch. */
    public record Listing(List<ObjectNode> items, long revision, Subscription subscription) {
        Listing(List<ObjectNode> items, long revision) {
            this(items, revision, null);
        }
    }

    /**
     * Writes {@code object} at {@code key} (null deletes it) when the stored object is still
     * {@code expected} (by resourceVersion; null expects nothing stored), and returns the change.
     * The caller decided everything else; this only serialises and stamps.
     */
    public synchronized Change commit(Key key, String expectedResourceVersion, ObjectNode object) throws ConflictException {
        Map.Entry<Key, ObjectNode> current = objects.get(key.sortKey());
        String currentVersion = current == null ? null : current.getValue().path("metadata").path("resourceVersion").asText(null);
        if (!java.util.Objects.equals(currentVersion, expectedResourceVersion)) {
            throw new ConflictException(current != null);
        }
        revision++;
        Change change;
        if (object == null) {
            ObjectNode last = current.getValue().deepCopy();
            // A deleted object's last state carries the revision of its deletion, as etcd's watch does.
            ((ObjectNode) last.path("metadata")).put("resourceVersion", Long.toString(revision));
            objects.remove(key.sortKey());
            change = new Change(Change.Type.DELETED, key, last, current.getValue(), revision);
        } else {
            ObjectNode stored = object.deepCopy();
            stored.withObjectProperty("metadata").put("resourceVersion", Long.toString(revision));
            objects.put(key.sortKey(), Map.entry(key, stored));
            change = new Change(current == null ? Change.Type.ADDED : Change.Type.MODIFIED, key, stored.deepCopy(),
                    current == null ? null : current.getValue(), revision);
        }
        history.addLast(change);
        while (history.size() > historyLimit) {
            compacted = Math.max(compacted, history.removeFirst().revision());
        }
        for (Watcher watcher : watchers) {
            watcher.offer(change);
        }
        return change;
    }

    /** The stored object changed under the writer (or appeared, or is gone). */
    public static final class ConflictException extends Exception {
        private final boolean exists;

        ConflictException(boolean exists) {
            super(exists ? "the object has been modified" : "the object does not exist");
            this.exists = exists;
        }

        /** Whether an object is stored at the key now. */
        public boolean exists() {
            return exists;
        }
    }

    /**
     * Forgets the history up to now, as etcd's compaction does: a watch asked to resume from an
     * older revision is answered 410 Gone and the client relists. For tests of that path.
     */
    public synchronized void compact() {
        compacted = revision;
        history.clear();
    }

    /**
     * Calls {@code sink} with every change of one kind after revision {@code since}, first those
     * in the history, then new ones as they are committed; each change exactly once, in order.
     */
    public synchronized Subscription watch(String group, String plural, String namespace, long since, Consumer<Change> sink)
            throws ExpiredException {
        if (since < compacted) {
            throw new ExpiredException(since, compacted);
        }
        Watcher watcher = new Watcher(group, plural, namespace, sink);
        for (Change change : history) {
            if (change.revision() > since) {
                watcher.offer(change);
            }
        }
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    /**
     * The current objects of one kind and a subscription to every change after them, taken
     * atomically: a watch from "now" that starts with the state it watches.
     */
    public synchronized Listing listAndWatch(String group, String plural, String namespace, Consumer<Change> sink) {
        Listing listing = list(group, plural, namespace, o -> true);
        watchers.add(new Watcher(group, plural, namespace, sink));
        Watcher added = watchers.get(watchers.size() - 1);
        return new Listing(listing.items(), listing.revision(), () -> watchers.remove(added));
    }

    /** Changes of every kind, for the server's own controllers (garbage collection, namespaces, CRDs). */
    public synchronized Subscription watchAll(Consumer<Change> sink) {
        Watcher watcher = new Watcher(null, null, null, sink);
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    private record Watcher(String group, String plural, String namespace, Consumer<Change> sink) {
        void offer(Change change) {
            Key key = change.key();
            if (group != null && (!group.equals(key.group()) || !plural.equals(key.plural()))) {
                return;
            }
            if (namespace != null && !namespace.equals(key.namespace())) {
                return;
            }
            sink.accept(change);
        }
    }

    /** The number of objects, for the sandbox's banner and the benchmark. */
    public synchronized int size() {
        return objects.size();
    }
}
