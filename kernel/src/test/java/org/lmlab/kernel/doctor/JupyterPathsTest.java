package org.lmlab.kernel.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search path against the one the environment's Jupyter prints ({@code jupyter --paths --json}). */
class JupyterPathsTest {

    @TempDir
    Path tmp;

    private void assertSameAsJupyter(Map<String, String> env) throws Exception {
        Path venv = Fixtures.realVenv().toRealPath();
        Map<String, String> full = new HashMap<>(env);
        full.put("HOME", tmp.toString());
        String json = Fixtures.run(List.of(venv.resolve("bin/jupyter").toString(), "--paths", "--json"), full);
        List<Path> jupyters = new ArrayList<>();
        JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("data")
                .forEach(e -> jupyters.add(Path.of(e.getAsString())));
        Map<String, String> ours = new HashMap<>(System.getenv());
        ours.putAll(full);
        assertEquals(jupyters, JupyterPaths.forVenv(venv, ours, tmp, System.getProperty("os.name")).dataDirectories());
    }

    @Test
    void jupyterPathThenEnvironmentThenUser() throws Exception {
        assertSameAsJupyter(Map.of("JUPYTER_PATH", tmp.resolve("a") + ":" + tmp.resolve("b"),
                "JUPYTER_DATA_DIR", tmp.resolve("data").toString()));
    }

    @Test
    void userFirstWhenTheEnvironmentIsNotPreferred() throws Exception {
        assertSameAsJupyter(Map.of("JUPYTER_PREFER_ENV_PATH", "0", "XDG_DATA_HOME", tmp.resolve("xdg").toString()));
    }
}
