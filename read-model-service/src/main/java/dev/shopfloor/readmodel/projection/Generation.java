package dev.shopfloor.readmodel.projection;

/**
 * One complete copy of the projection: its tables, the source positions it has applied, its replication slots. A
 * rebuild fills a new generation from fresh snapshots while queries still read the current one, then switches.
 *
 * @param number 1, 2, ...; each rebuild takes the next
 */
public record Generation(int number) {

    public Generation {
        if (number < 1) {
            throw new IllegalArgumentException("generation must be at least 1, was " + number);
        }
    }

    /** The database schema that holds this generation's tables, e.g. {@code g1}. */
    public String schema() {
        return "g" + number;
    }

    public Generation next() {
        return new Generation(number + 1);
    }
}
