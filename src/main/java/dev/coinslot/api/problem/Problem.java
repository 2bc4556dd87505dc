package dev.coinslot.api.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem details body. {@code type} is a stable URI per kind of problem; {@code extensions} carries the
 * fields a client needs to act (e.g. {@code shortfallCredits}). Registered for reflection here, where it is declared: it
 * is the entity of every exception mapper's answer and of the front door's refusals.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://coinslot.dev/problems/";

    /** Only {@link ProblemType} makes problems, so each slug keeps one status and title. */
    static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, new LinkedHashMap<>());
    }

    /** Adds an extension field; only those its {@link ProblemType} declares (another is a bug, not a client error). */
    public Problem with(String name, Object value) {
        String slug = type.substring(TYPE_BASE.length());
        if (!ProblemType.declares(slug, name)) {
            throw new IllegalArgumentException("problem type " + slug + " declares no field " + name);
        }
        extensions.put(name, value);
        return this;
    }

    @JsonAnyGetter
    public Map<String, Object> extensionFields() {
        return extensions;
    }

    /** Hidden from JSON: its entries are written as top-level members by {@link #extensionFields()}. */
    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Map<String, Object> extensions() {
        return extensions;
    }
}
