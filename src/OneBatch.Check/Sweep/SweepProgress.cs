namespace OneBatch.Check.Sweep;

/// <summary>Where a sweep is after a run finished: runs done of all, the run that just finished, and the best so far.</summary>
public readonly record struct SweepProgress(int Done, int Total, SweepRun Finished, SweepRun Best);
