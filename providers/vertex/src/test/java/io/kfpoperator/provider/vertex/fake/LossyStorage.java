package io.kfpoperator.provider.vertex.fake;

import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An in-memory bucket (any {@link Storage}) whose next object write can take effect and then
 * lose its answer, as a Cloud Storage upload does when the connection breaks after the object
 * was stored: the object is there, the caller gets a {@link StorageException}.
 */
public final class LossyStorage {

    /** How the answer to a write that took effect is lost. */
    public enum LostAnswer {
        /** Cloud Storage's front end answers 503 after storing the object. */
        SERVICE_UNAVAILABLE,
        /** The client gives up reading the answer (the client library reports code 0, cause a timeout). */
        READ_TIMED_OUT
    }

    private record Loss(String objectPrefix, LostAnswer how) {
    }

    private final Storage storage;
    private final AtomicReference<Loss> next = new AtomicReference<>();
    private final List<String> lostAnswers = new CopyOnWriteArrayList<>();

    public LossyStorage(Storage delegate) {
        this.storage = (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("create") && args != null && args.length > 0
                            && args[0] instanceof BlobInfo blob) {
                        Loss loss = next.get();
                        if (loss != null && blob.getName().startsWith(loss.objectPrefix())
                                && next.compareAndSet(loss, null)) {
                            lostAnswers.add(blob.getName());
                            throw switch (loss.how()) {
                                case SERVICE_UNAVAILABLE -> new StorageException(503, "Service Unavailable");
                                case READ_TIMED_OUT -> new StorageException(0, "Read timed out",
                                        new SocketTimeoutException("Read timed out"));
                            };
                        }
                    }
                    return result;
                });
    }

    /** The storage the platform is given. */
    public Storage storage() {
        return storage;
    }

    /** The next write of an object whose name starts with {@code objectPrefix} is stored, then its answer lost. */
    public void loseAnswerOfNextWrite(String objectPrefix, LostAnswer how) {
        next.set(new Loss(objectPrefix, how));
    }

    /** Names of the objects whose write answers were lost, oldest first. */
    public List<String> lostAnswers() {
        return List.copyOf(lostAnswers);
    }
}
