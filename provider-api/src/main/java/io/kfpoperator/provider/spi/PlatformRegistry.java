package io.kfpoperator.provider.spi;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The platform factories found on the class path, keyed by type. */
public final class PlatformRegistry {

    private final Map<String, PlatformFactory> factories;

    private PlatformRegistry(Map<String, PlatformFactory> factories) {
        this.factories = factories;
    }

    public static PlatformRegistry load() {
        return load(Thread.currentThread().getContextClassLoader());
    }

    public static PlatformRegistry load(ClassLoader classLoader) {
        Map<String, PlatformFactory> found = new TreeMap<>();
        for (PlatformFactory factory : ServiceLoader.load(PlatformFactory.class, classLoader)) {
            PlatformFactory previous = found.putIfAbsent(factory.type(), factory);
            if (previous != null && previous.getClass() != factory.getClass()) {
                throw new PlatformConfigurationException("two platform factories claim type '" + factory.type()
                        + "': " + previous.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        return new PlatformRegistry(found);
    }

    public java.util.Set<String> types() {
        return factories.keySet();
    }

    /** The factory for {@code type}; an unknown type is an error that lists the known ones. */
    public PlatformFactory factory(String type) {
        PlatformFactory factory = factories.get(type);
        if (factory == null) {
            throw new PlatformConfigurationException("unknown platform type '" + type + "'; known types: "
                    + (factories.isEmpty() ? "(none on the class path)" : String.join(", ", factories.keySet())));
        }
        return factory;
    }
}
