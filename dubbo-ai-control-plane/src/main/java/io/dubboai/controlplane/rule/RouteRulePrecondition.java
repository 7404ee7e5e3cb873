package io.dubboai.controlplane.rule;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What must hold of the stored rule for an edit to go ahead: anything, no rule yet, or exactly the rule the caller
 * read (by its {@link StoredRouteRule#etag()}). The HTTP equivalents are {@code ?force=true}, {@code If-None-Match: *}
 * and {@code If-Match: "<etag>"}.
 */
public sealed interface RouteRulePrecondition {

    /** No condition: the edit applies to whatever is stored (the change function still sees it). */
    RouteRulePrecondition ANY = new Any();

    /** The model has no rule yet. */
    RouteRulePrecondition ABSENT = new Absent();

    /** The model has a rule, whatever it holds ({@code If-Match: *}). */
    RouteRulePrecondition PRESENT = new Present();

    /** The stored rule still has the tag {@code etag}. */
    static RouteRulePrecondition matching(String etag) {
        return new Matching(etag);
    }

    /** Whether the condition holds for {@code current} (null: no rule). */
    boolean holds(@Nullable StoredRouteRule current);

    /** Why the condition does not hold for {@code current}, naming the rule {@code key} and what to do. */
    String failure(String key, @Nullable StoredRouteRule current);

    /** See {@link #ANY}. */
    record Any() implements RouteRulePrecondition {
        @Override
        public boolean holds(@Nullable StoredRouteRule current) {
            return true;
        }

        @Override
        public String failure(String key, @Nullable StoredRouteRule current) {
            return "no condition on route rule " + key;
        }
    }

    /** See {@link #ABSENT}. */
    record Absent() implements RouteRulePrecondition {
        @Override
        public boolean holds(@Nullable StoredRouteRule current) {
            return current == null;
        }

        @Override
        public String failure(String key, @Nullable StoredRouteRule current) {
            return "route rule " + key + " exists already" + (current == null ? "" : " (tag " + current.etag() + ")")
                    + "; read it and change it with its tag instead";
        }
    }

    /** See {@link #PRESENT}. */
    record Present() implements RouteRulePrecondition {
        @Override
        public boolean holds(@Nullable StoredRouteRule current) {
            return current != null;
        }

        @Override
        public String failure(String key, @Nullable StoredRouteRule current) {
            return "route rule " + key + " does not exist; create it without a tag";
        }
    }

    /**
     * See {@link #matching}.
     *
     * @param etag the tag the caller read
     */
    record Matching(String etag) implements RouteRulePrecondition {
        public Matching {
            Objects.requireNonNull(etag, "etag");
            if (etag.isBlank()) {
                throw new IllegalArgumentException("an entity tag is blank; send the ETag a read of the rule returned");
            }
        }

        @Override
        public boolean holds(@Nullable StoredRouteRule current) {
            return current != null && current.etag().equals(etag);
        }

        @Override
        public String failure(String key, @Nullable StoredRouteRule current) {
            return current == null
                    ? "route rule " + key + " does not exist any more (you sent tag " + etag + ")"
                    : "route rule " + key + " changed since you read it: you sent tag " + etag + ", it is now "
                            + current.etag() + "; read it again and reapply your change";
        }
    }
}
