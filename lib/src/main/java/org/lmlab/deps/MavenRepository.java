package org.lmlab.deps;

import java.net.URI;
import java.util.Objects;

/**
 * A remote Maven repository to resolve from.
 *
 * @param id   repository id; the local repository records which id each artifact came from, so
 *             reusing Maven's ids (such as {@code central}) lets artifacts Maven already downloaded
 *             be found offline
 * @param name what users are told, for example {@code Maven Central}
 * @param url  base URL ({@code https:}, {@code http:} or {@code file:})
 */
public record MavenRepository(String id, String name, URI url) {

    /** Maven Central, under the id Maven itself uses for it. */
    public static final MavenRepository CENTRAL =
            new MavenRepository("central", "Maven Central", URI.create("https://repo.maven.apache.org/maven2/"));

    public MavenRepository {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        if (id.isBlank()) {
            throw new IllegalArgumentException("repository id must not be blank");
        }
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http") || scheme.equals("file"))) {
            throw new IllegalArgumentException("repository URL must be an absolute https:, http: or file: URL: " + url);
        }
    }

    /** A repository that users see under its id. */
    public static MavenRepository of(String id, String url) {
        return new MavenRepository(id, id, URI.create(url));
    }

    /** How failure messages name this repository: {@code Maven Central (https://...)}. */
    public String describe() {
        return name + " (" + url + ")";
    }
}
