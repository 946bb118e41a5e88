package io.kfpoperator.bench;

import java.nio.file.Path;
import java.util.List;

/** One benchmark: runs on its own environment and reports measurements with their in-run baselines. */
interface Scenario {

    String name();

    List<Measurement> run(Path repository, int n) throws Exception;
}
