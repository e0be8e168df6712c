package org.lmlab.kernel.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LabCommandTest {

    @TempDir
    Path tmp;

    private final Installation installation = new Installation(Path.of("/opt/lmlab"), Path.of("/opt/lmlab/.venv"));

    @Test
    void defaultsToTheSetUpsJupyterOnNotebooks() {
        LabCommand lab = new LabCommand();
        new CommandLine(lab).parseArgs();
        lab.asRoot = false;
        assertEquals(List.of("/opt/lmlab/.venv/bin/jupyter", "lab", "--notebook-dir=/opt/lmlab/notebooks"),
                lab.launch(installation).command());
    }

    @Test
    void optionsAndArgumentsAfterDoubleDashReachJupyterLab() {
        LabCommand lab = new LabCommand();
        new CommandLine(lab).parseArgs("--port", "8899", "--no-browser", "--notebook-dir", "/data/nb", "--",
                "--ip=0.0.0.0");
        lab.asRoot = true;
        assertEquals(List.of("/opt/lmlab/.venv/bin/jupyter", "lab", "--notebook-dir=/data/nb", "--port=8899",
                "--no-browser", "--allow-root", "--ip=0.0.0.0"), lab.launch(installation).command());
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        LabCommand lab = new LabCommand();
        new CommandLine(lab).parseArgs("--port", "70000");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lab.launch(installation));
        assertEquals("--port 70000 is not a TCP port (1 to 65535)", e.getMessage());
    }

    @Test
    void helpNamesTheOptions() {
        String usage = new CommandLine(new LabCommand()).getUsageMessage();
        for (String option : List.of("--notebook-dir", "--port", "--no-browser", "--venv", "JUPYTER_ARG")) {
            assertTrue(usage.contains(option), usage);
        }
    }

    /** The real thing: the launched JupyterLab serves its API and lists the lmlab kernelspec. */
    @Test
    void theLaunchedLabListsTheLmlabKernel() throws Exception {
        Installation real = Fixtures.realInstallation();
        assumeTrue(new KernelspecCheck("lmlab", JupyterPaths.forVenv(real.venv()), real).find() != null,
                "no lmlab kernelspec installed (bin/lmlab install --prefix .venv)");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String token = "lmlab-test-token";
        List<String> command = new LabCommand().launch(real).command();
        command = new LabLaunch(real.jupyter(), real.notebooks(), port, true, command.contains("--allow-root"),
                List.of("--IdentityProvider.token=" + token, "--ServerApp.ip=127.0.0.1")).command();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("lab.log").toFile());
        builder.environment().put("JUPYTER_RUNTIME_DIR", tmp.resolve("runtime").toString());
        Process lab = builder.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/kernelspecs"))
                    .header("Authorization", "token " + token).timeout(Duration.ofSeconds(5)).build();
            String body = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (body == null && System.nanoTime() < deadline && lab.isAlive()) {
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    body = response.statusCode() == 200 ? response.body() : null;
                } catch (IOException e) {
                    Thread.sleep(500);
                }
            }
            assertTrue(body != null, "JupyterLab did not answer: " + Files.readString(tmp.resolve("lab.log")));
            assertTrue(JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("kernelspecs").has("lmlab"), body);
        } finally {
            lab.destroy();
            if (!lab.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                lab.destroyForcibly();
            }
        }
    }
}
