package dev.shopfloor.readmodel.projection;

/**
 * Where a change sits in one source database's change stream, in stream order: first the commit LSN of the
 * transaction before the change's own (Postgres streams transactions in commit order), then the change's own LSN
 * (increasing inside a transaction). Together they grow strictly along the stream, which a change's own LSN alone does
 * not: a transaction that began earlier but committed later carries smaller LSNs than one streamed before it.
 *
 * @param previousCommitLsn commit LSN of the transaction streamed before this change's transaction, 0 if unknown
 * @param lsn the change's own LSN
 */
public record Position(long previousCommitLsn, long lsn) implements Comparable<Position> {

    @Override
    public int compareTo(Position other) {
        int byCommit = Long.compareUnsigned(previousCommitLsn, other.previousCommitLsn);
        return byCommit != 0 ? byCommit : Long.compareUnsigned(lsn, other.lsn);
    }

    /** Whether this position is at or before {@code other}: a change here was already applied if other was. */
    public boolean isAtOrBefore(Position other) {
        return compareTo(other) <= 0;
    }
}
