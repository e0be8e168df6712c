package org.lmlab.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionInfoTest {

    @TempDir
    Path dir;

    private Path write(String json) throws Exception {
        return Files.writeString(dir.resolve("kernel.json"), json);
    }

    @Test
    void readsAJupyterConnectionFile() throws Exception {
        Path file = write("""
                {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004,
                 "hb_port": 5005, "ip": "127.0.0.1", "key": "abc", "transport": "tcp",
                 "signature_scheme": "hmac-sha256", "kernel_name": "lmlab"}""");
        ConnectionInfo info = ConnectionInfo.read(file);
        assertEquals("tcp://127.0.0.1:5001", info.endpoint(info.shellPort()));
        assertEquals("abc", info.key());
    }

    @Test
    void everyProblemNamesTheFileAndField() throws Exception {
        Path missing = dir.resolve("nope.json");
        assertEquals("Connection file " + missing + " cannot be read (NoSuchFileException: " + missing + ")",
                assertThrows(ConnectionFileException.class, () -> ConnectionInfo.read(missing)).getMessage());
        Path broken = write("{\"shell_port\": ");
        assertEquals(true, assertThrows(ConnectionFileException.class, () -> ConnectionInfo.read(broken))
                .getMessage().startsWith("Connection file " + broken + " is not valid JSON"));
        Path noPort = write("{\"ip\": \"127.0.0.1\", \"iopub_port\": 1, \"stdin_port\": 2, \"control_port\": 3, \"hb_port\": 4}");
        assertEquals("Connection file " + noPort + " lacks the field \"shell_port\"",
                assertThrows(ConnectionFileException.class, () -> ConnectionInfo.read(noPort)).getMessage());
        Path badPort = write("{\"ip\": \"x\", \"shell_port\": \"five\", \"iopub_port\": 1, \"stdin_port\": 2, "
                + "\"control_port\": 3, \"hb_port\": 4}");
        assertEquals("Connection file " + badPort + " field \"shell_port\" must be a port number, not \"five\"",
                assertThrows(ConnectionFileException.class, () -> ConnectionInfo.read(badPort)).getMessage());
    }
}
