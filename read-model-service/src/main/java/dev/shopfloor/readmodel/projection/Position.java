package dev.shopfloor.readmodel.projection;

/**
 * Where a source transaction sits in one source database's change stream. Postgres streams transactions in commit
 * order, so the LSN of a transaction's commit record grows strictly along the stream; the LSN of a change inside it
 * does not (a transaction that began earlier but committed later carries smaller change LSNs than one streamed before
 * it). Both numbers come from the stream itself (Debezium's transaction {@code END} record), never from where
 * Debezium's stored offsets had it resume, so a replay gives a transaction the same position it had the first time.
 *
 * @param commitLsn the LSN of the transaction's commit
 * @param lsn the LSN Debezium reports with it (the commit's too, for an {@code END} record); orders positions with
 *     the same commit LSN
 */
public record Position(long commitLsn, long lsn) implements Comparable<Position> {

    @Override
    public int compareTo(Position other) {
        int byCommit = Long.compareUnsigned(commitLsn, other.commitLsn);
        return byCommit != 0 ? byCommit : Long.compareUnsigned(lsn, other.lsn);
    }

    /** Whether this position is at or before {@code other}: a transaction here was already applied if other was. */
    public boolean isAtOrBefore(Position other) {
        return compareTo(other) <= 0;
    }
}
