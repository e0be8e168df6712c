package org.lmlab.kernel.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmlab.kernel.install.KernelspecInstaller;

class KernelspecCheckTest {

    @TempDir
    Path tmp;

    private Installation installation() {
        return new Installation(tmp.resolve("checkout"), tmp.resolve("venv"));
    }

    private KernelspecCheck check(Path dataDir) {
        return new KernelspecCheck("lmlab", new JupyterPaths(List.of(dataDir)), installation());
    }

    private void writeSpec(Path dataDir, List<String> argv) throws IOException {
        Path dir = Files.createDirectories(dataDir.resolve("kernels/lmlab"));
        StringBuilder json = new StringBuilder("{\"argv\": [");
        for (int i = 0; i < argv.size(); i++) {
            json.append(i > 0 ? ", " : "").append('"').append(argv.get(i)).append('"');
        }
        Files.writeString(dir.resolve("kernel.json"), json.append("], \"language\": \"java\"}").toString());
    }

    private static String thisJava() {
        return Path.of(System.getProperty("java.home"), "bin/java").toString();
    }

    @Test
    void aRemovedKernelspecFailsAndNamesTheInstallCommand() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("jupyter-data"));
        CheckResult result = check(data).run();
        assertEquals(Status.FAIL, result.status(), result.detail());
        assertTrue(result.detail().contains("no kernelspec 'lmlab' in " + data.resolve("kernels")), result.detail());
        assertEquals(tmp.resolve("checkout/bin/lmlab") + " install --prefix " + tmp.resolve("venv"), result.fix());
    }

    @Test
    void aKernelspecWhoseJavaIsGoneFails() throws IOException {
        Path data = tmp.resolve("data");
        writeSpec(data, List.of("/no/such/jdk/bin/java", "-Djava.awt.headless=true", "-jar", "x.jar", "kernel",
                "{connection_file}"));
        CheckResult result = check(data).run();
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.detail().contains("runs /no/such/jdk/bin/java, which does not exist"), result.detail());
        assertTrue(result.fix().startsWith(installation().installCommand() + " --java "), result.fix());
    }

    @Test
    void aKernelspecWhoseJarIsGoneFailsAndNamesTheBuild() throws IOException {
        Path data = tmp.resolve("data");
        Path jar = installation().kernelJar();
        writeSpec(data, List.of(thisJava(), "-Djava.awt.headless=true", "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-jar", jar.toString(), "kernel", "{connection_file}"));
        CheckResult result = check(data).run();
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.detail().contains("runs " + jar + ", which does not exist"), result.detail());
        assertEquals("cd " + tmp.resolve("checkout") + " && mvn -B -q package -DskipTests", result.fix());
    }

    @Test
    void aStartupArchiveOlderThanTheJarsWarns() throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("dist/lib"));
        Path jar = Files.writeString(lib.resolve("lmlab-kernel.jar"), "");
        Path archive = Files.writeString(tmp.resolve("lmlab.jsa"), "");
        Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        List<String> argv = new ArrayList<>(List.of(thisJava()));
        argv.addAll(KernelspecInstaller.jvmFlags(Runtime.version().feature()));
        argv.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-jar", jar.toString(), "kernel", "{connection_file}"));
        writeSpec(tmp.resolve("data"), argv);
        CheckResult result = check(tmp.resolve("data")).run();
        assertEquals(Status.WARN, result.status(), result.detail());
        assertTrue(result.detail().contains("the start-up archive " + archive + " is older than lmlab-kernel.jar"),
                result.detail());
        assertEquals(installation().installCommand(), result.fix());
    }

    @Test
    void unreadableJsonFails() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("data/kernels/lmlab"));
        Files.writeString(dir.resolve("kernel.json"), "{\"argv\": ");
        CheckResult result = check(tmp.resolve("data")).run();
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.detail().contains("not a kernelspec lmlab can read"), result.detail());
        assertEquals(installation().installCommand(), result.fix());
    }

    /** A JDK 25 (run-tests.sh's second JDK) refuses Arrow's memory access without the flag it asks for. */
    @Test
    void aJdk25KernelspecWithoutItsFlagsFails() throws IOException {
        Path jdk25;
        try (var jvms = Files.newDirectoryStream(Path.of("/usr/lib/jvm"), "*25*")) {
            jdk25 = java.util.stream.StreamSupport.stream(jvms.spliterator(), false).map(d -> d.resolve("bin/java"))
                    .filter(Files::isExecutable).findFirst().orElse(null);
        } catch (IOException e) {
            jdk25 = null;
        }
        assumeTrue(jdk25 != null, "no JDK 25 in /usr/lib/jvm (run-tests.sh's second JDK)");
        Path data = tmp.resolve("data");
        Path jar = Files.createDirectories(tmp.resolve("lib")).resolve("lmlab-kernel.jar");
        Files.writeString(jar, "");
        writeSpec(data, List.of(jdk25.toString(), "-Djava.awt.headless=true", "-jar", jar.toString(), "kernel",
                "{connection_file}"));
        CheckResult result = check(data).run();
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.detail().contains("starts Java 25 without --enable-native-access=ALL-UNNAMED "
                + "--sun-misc-unsafe-memory-access=allow"), result.detail());
        assertEquals(installation().installCommand() + " --java " + jdk25, result.fix());
    }

    /** The healthy machine: the check picks the kernelspec Jupyter itself lists for this environment. */
    @Test
    void findsTheKernelspecJupyterUses() throws Exception {
        Installation real = Fixtures.realInstallation();
        String listed = Fixtures.run(List.of(real.jupyter().toString(), "kernelspec", "list", "--json"), Map.of());
        JsonObject specs = JsonParser.parseString(listed).getAsJsonObject().getAsJsonObject("kernelspecs");
        assumeTrue(specs.has("lmlab"), "no lmlab kernelspec installed (bin/lmlab install --prefix .venv)");
        Path jupyters = Path.of(specs.getAsJsonObject("lmlab").get("resource_dir").getAsString());
        KernelspecCheck check = new KernelspecCheck("lmlab", JupyterPaths.forVenv(real.venv().toRealPath()), real);
        assertEquals(jupyters.toRealPath(), check.find().getParent().toRealPath());
        CheckResult result = check.run();
        assertTrue(result.status() != Status.FAIL, result.detail());
        assertTrue(result.detail().startsWith(check.find().getParent().toString()), result.detail());
    }
}
