package org.lmlab.deps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MavenCoordinateTest {

    @Test
    void parsesGroupArtifactVersionAsJar() {
        MavenCoordinate c = MavenCoordinate.parse("com.google.code.gson:gson:2.13.1");
        assertEquals(new MavenCoordinate("com.google.code.gson", "gson", "jar", "", "2.13.1"), c);
        assertEquals(MavenCoordinate.of("com.google.code.gson", "gson", "2.13.1"), c);
    }

    @Test
    void parsesExtensionForm() {
        assertEquals(new MavenCoordinate("org.junit", "junit-bom", "pom", "", "5.13.4"),
                MavenCoordinate.parse("org.junit:junit-bom:pom:5.13.4"));
    }

    @Test
    void parsesClassifierForm() {
        assertEquals(new MavenCoordinate("info.picocli", "picocli", "jar", "sources", "4.7.7"),
                MavenCoordinate.parse("info.picocli:picocli:jar:sources:4.7.7"));
    }

    @Test
    void ignoresSurroundingWhitespaceAndKeepsVersionRanges() {
        assertEquals(MavenCoordinate.of("g", "a", "[1.0,2.0)"), MavenCoordinate.parse("  g:a:[1.0,2.0)\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"g:a:1.0", "g:a:pom:1.0", "g:a:jar:sources:1.0", "g:a:zip:dist:1.0"})
    void toStringIsTheShortestFormThatParsesBack(String text) {
        MavenCoordinate c = MavenCoordinate.parse(text);
        assertEquals(text, c.toString());
        assertEquals(c, MavenCoordinate.parse(c.toString()));
    }

    @Test
    void explicitJarExtensionPrintsInShortForm() {
        assertEquals("g:a:1.0", MavenCoordinate.parse("g:a:jar:1.0").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gson                | it has 1 part separated by ':' but needs 3 to 5",
        "g:a                 | it has 2 parts separated by ':' but needs 3 to 5",
        "g:a:jar:x:1.0:extra | it has 6 parts separated by ':' but needs 3 to 5",
        "g::1.0              | the artifact is empty",
        "g:a:                | the version is empty",
        ":a:1.0              | the group is empty",
        "g:a::1.0            | the extension is empty",
        "g:a:jar::1.0        | the classifier is empty",
        "g:my artifact:1.0   | the artifact contains whitespace",
    })
    void rejectsBadFormsQuotingTheTextAndTheAcceptedForms(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MavenCoordinate.parse(text));
        assertEquals("Invalid Maven coordinate \"" + text + "\": " + reason + ". Use group:artifact:version,"
                + " group:artifact:extension:version or group:artifact:extension:classifier:version.", e.getMessage());
    }

    @Test
    void rejectsEmptyText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MavenCoordinate.parse("  "));
        assertTrue(e.getMessage().startsWith("Invalid Maven coordinate \"  \": "), e.getMessage());
        assertTrue(e.getMessage().contains(MavenCoordinate.ACCEPTED_FORMS), e.getMessage());
    }

    @Test
    void constructorRejectsBlankParts() {
        assertThrows(IllegalArgumentException.class, () -> new MavenCoordinate("g", " ", "jar", "", "1"));
        assertThrows(NullPointerException.class, () -> new MavenCoordinate("g", "a", "jar", null, "1"));
    }
}
