package org.strokekg.graph;

import java.util.List;

/**
 * The standing curator decisions on one fact: the review batches that promoted it to {@code reviewed} and the retraction
 * batches that withdrew it. Kept by the fact's id on the decision batches, so a fact loaded again (after its source batch
 * was undone) is written with them: a retracted fact stays retracted, a reviewed one stays reviewed.
 */
public record Decided(List<String> reviewedBy, List<String> retractedBy) {

    public static final Decided NONE = new Decided(List.of(), List.of());

    public Decided {
        reviewedBy = List.copyOf(reviewedBy);
        retractedBy = List.copyOf(retractedBy);
    }

    public boolean retracted() {
        return !retractedBy.isEmpty();
    }

    public boolean reviewed() {
        return !reviewedBy.isEmpty();
    }

    /** Both decisions together (a relation is also withdrawn with a retracted end). */
    public Decided plus(Decided other) {
        if (other.equals(NONE)) {
            return this;
        }
        if (equals(NONE)) {
            return other;
        }
        List<String> reviewed = new java.util.ArrayList<>(reviewedBy);
        other.reviewedBy.stream().filter(b -> !reviewed.contains(b)).forEach(reviewed::add);
        List<String> retracted = new java.util.ArrayList<>(retractedBy);
        other.retractedBy.stream().filter(b -> !retracted.contains(b)).forEach(retracted::add);
        return new Decided(reviewed, retracted);
    }
}
