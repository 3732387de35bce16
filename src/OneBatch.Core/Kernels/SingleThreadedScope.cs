namespace OneBatch.Kernels;

/// <summary>
/// Returned by <see cref="GemmTeam.SingleThreaded"/>: while it is open, the thread's kernels do not share their work
/// with the team. Disposing it restores what the thread had before, so scopes nest. A struct, so opening one allocates
/// nothing.
/// </summary>
internal readonly struct SingleThreadedScope : IDisposable
{
    private readonly bool _previous;

    internal SingleThreadedScope(bool previous) => _previous = previous;

    public void Dispose() => GemmTeam.RestoreSingleThreaded(_previous);
}
