package org.lmlab.scaleout;

import java.nio.file.Path;
import org.lmlab.training.study.StudyConfig;

/**
 * A positional-encoding study to run on a cluster ({@link ScaleOut.Session#peStudy}).
 *
 * @param config  the study (shipped to the executors as it is: it is serializable)
 * @param results the results file, the local {@code PeStudy}'s format
 * @param resume  continue {@code results} (train only the runs whose rows it lacks) instead of creating it
 */
public record StudyRequest(StudyConfig config, Path results, boolean resume) {
}
