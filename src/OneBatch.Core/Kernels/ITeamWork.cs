namespace OneBatch.Kernels;

/// <summary>
/// Work other than a GEMM that the <see cref="GemmTeam"/> shares out (<see cref="GemmTeam.RunWork"/>): independent units
/// that threads claim one by one. <see cref="RunUnit"/> runs concurrently for different units and must allocate nothing.
/// </summary>
internal interface ITeamWork
{
    void RunUnit(int unit);
}
