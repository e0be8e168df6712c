package org.lmlab.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.progress.Progress;
import org.lmlab.scaleout.LawFitterFactory;
import org.lmlab.scaleout.NamedLaw;
import org.lmlab.scaleout.ScaleOut;
import org.lmlab.scaling.LawFit;
import org.lmlab.scaling.ScalingData;
import org.lmlab.scaling.bootstrap.Bootstrap;
import org.lmlab.scaling.bootstrap.BootstrapOptions;
import org.lmlab.scaling.bootstrap.BootstrapResult;

/**
 * The {@link ScaleOut} service as the kernel finds it (ServiceLoader) on {@code local[2]}: its bootstrap against the
 * local {@link Bootstrap} with the same seed (lib's BootstrapTest checks that one against scipy refits and
 * numpy.percentile), for a factory written as a method reference and for a law shipped by name.
 */
class SparkScaleOutTest {

    static final ScalingData DATA = ChinchillaRuns.replicationRuns();
    static final BootstrapOptions OPTIONS = BootstrapOptions.defaults().withReplicates(24).withSeed(42).withThreads(2);

    static ScaleOut service;
    static ScaleOut.Session session;

    @BeforeAll
    static void connect() {
        List<ScaleOut> found = ServiceLoader.load(ScaleOut.class).stream().map(ServiceLoader.Provider::get).toList();
        assertEquals(1, found.size(), "one registered engine");
        service = found.get(0);
        assertInstanceOf(SparkScaleOut.class, service);
        session = service.connect("local[2]", Map.of("spark.driver.host", "127.0.0.1"), SparkRunner.DEFAULT_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        if (session != null) {
            session.stop();
        }
    }

    @Test
    void statusNamesTheMasterAndTheUiAndAttachingGivesTheSameSession() {
        assertEquals("spark", service.name());
        assertEquals("local[2]", session.master());
        String ui = session.uiUrl().orElseThrow();
        assertTrue(ui.startsWith("http://"), ui);
        assertTrue(session.status().startsWith("Spark local[2], application local-"), session.status());
        assertTrue(session.status().contains("UI " + ui), session.status());
        ScaleOut.Session running = service.session().orElseThrow();
        assertEquals("local[2]", running.master());
        assertEquals(session.status(), running.status());
    }

    @Test
    void bootstrapThroughTheServiceEqualsTheLocalOne() {
        assertSameAsLocal(ChinchillaRuns::fitter);
    }

    @Test
    void aLawShippedByNameGivesTheLocalResult() {
        assertSameAsLocal(NamedLaw.of("kaplan-c", null));
    }

    private static void assertSameAsLocal(LawFitterFactory fitter) {
        LawFit full = fitter.create().fit(DATA);
        BootstrapResult local = new Bootstrap(fitter.create()).run(DATA, full, OPTIONS, Progress.NONE);
        CountingProgress progress = new CountingProgress();
        BootstrapResult onSpark = session.bootstrap(fitter, DATA, full, OPTIONS, progress);
        assertEquals(local.quantities(), onSpark.quantities());
        for (int r = 0; r < OPTIONS.replicates(); r++) {
            assertArrayEquals(local.values()[r], onSpark.values()[r], "replicate " + r);
        }
        assertEquals(local.intervals(), onSpark.intervals());
        assertTrue(progress.total > 0 && progress.notes.stream().anyMatch(n -> n.startsWith("Spark UI: ")),
                progress.notes.toString());
        assertEquals(progress.total, progress.steps, "the bar ends full: every task counted");
        System.out.println(fitter + " via the service: " + onSpark.intervals());
    }

    @Test
    void noSessionAfterStopAndANewOneAfterConnect() {
        ScaleOut.Session second = service.connect("local[2]", Map.of("spark.driver.host", "127.0.0.1"),
                SparkRunner.DEFAULT_TIMEOUT);
        second.stop();
        assertFalse(service.session().isPresent());
        session = service.connect("local[2]", Map.of("spark.driver.host", "127.0.0.1"), SparkRunner.DEFAULT_TIMEOUT);
        assertTrue(service.session().isPresent());
    }
}
