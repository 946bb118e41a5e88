package io.kfpoperator.controller.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ids of events already acknowledged, bounded (least recently seen forgotten first) so memory
 * stays flat. Forgetting is safe: a forgotten repeat is re-applied as a no-op status write and the
 * NATS sink drops it by {@code Nats-Msg-Id}.
 */
final class AcknowledgedEvents {

    private final Map<String, Boolean> ids;

    AcknowledgedEvents(int capacity) {
        this.ids = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized boolean contains(String id) {
        return ids.get(id) != null;
    }

    synchronized void add(String id) {
        ids.put(id, Boolean.TRUE);
    }
}
