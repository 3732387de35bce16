namespace OneBatch.Tests.Fuzz;

/// <summary>The contract a fuzz case is judged by finds each way a run can break it, and passes a run that keeps it.</summary>
public sealed class FuzzOutcomeTests
{
    private static readonly FuzzFile Input = new("x.npy", [1, 2, 3]);

    private static FuzzOutcome Outcome(int code, string stderr = "", Dictionary<string, byte[]?>? after = null, long allocated = 1000, string stdout = "") =>
        new(code, stdout, stderr, null, [Input], ["report.json"], after ?? new() { ["x.npy"] = [1, 2, 3] }, allocated);

    [Fact]
    public void ARunThatKeepsTheContractHasNoViolation()
    {
        Assert.Empty(Outcome(2, "onebatch: --x: 'x.npy' is truncated.\n").Violations());
        Assert.Empty(Outcome(1, after: new() { ["x.npy"] = [1, 2, 3], ["report.json"] = [9] }).Violations());
    }

    [Theory]
    [InlineData(3, "onebatch: internal error (OverflowException): Arithmetic operation resulted in an overflow. Please report it.\n", "exit code 3")]
    [InlineData(134, "", "exit code 134")]
    [InlineData(2, "onebatch: a\nb\n", "2 lines")]
    [InlineData(2, "", "printed nothing")]
    [InlineData(2, "onebatch: bad\r\n", "lines on standard error")]
    [InlineData(1, "boom\n   at OneBatch.Kernels.Gemm.PackAlong()\n", "stack trace")]
    public void EachBrokenExitIsFound(int code, string stderr, string expected) =>
        Assert.Contains(Outcome(code, stderr).Violations(), v => v.Contains(expected, StringComparison.Ordinal));

    [Fact]
    public void AFileLeftAnInputReplacedOrAnOutputAfterBadInputIsFound()
    {
        Assert.Contains(Outcome(1, after: new() { ["x.npy"] = [1, 2, 3], ["report.json.tmp"] = [] }).Violations(), v => v.Contains("report.json.tmp\" was left", StringComparison.Ordinal));
        Assert.Contains(Outcome(2, "onebatch: bad.\n", new() { ["x.npy"] = [1, 2, 3], ["report.json"] = [] }).Violations(), v => v.Contains("was left in the folder after exit 2", StringComparison.Ordinal));
        Assert.Contains(Outcome(0, after: new() { ["x.npy"] = [7] }).Violations(), v => v.Contains("was replaced", StringComparison.Ordinal));
        Assert.Contains(Outcome(0, after: []).Violations(), v => v.Contains("was removed", StringComparison.Ordinal));
        Assert.Contains((Outcome(2, "onebatch: bad.\n", after: new() { ["x.npy"] = [7] }) with { Unread = new HashSet<string> { "x.npy" } }).Violations(), v => v.Contains("was replaced", StringComparison.Ordinal));
    }

    [Fact]
    public void AFileTheRunDoesNotReadMayBeWrittenAsTheReportItAsksFor()
    {
        // demo classification --report x.npy: x.npy is no input of a demo, so writing the report over it is what was asked.
        var written = new FuzzOutcome(0, string.Empty, string.Empty, null, [Input], ["x.npy"], new Dictionary<string, byte[]?> { ["x.npy"] = [7] }, 1000);
        Assert.Empty((written with { Unread = new HashSet<string> { "x.npy" } }).Violations());
        Assert.Contains(written.Violations(), v => v.Contains("was replaced", StringComparison.Ordinal));
    }

    [Fact]
    public void AllocationOverTheBoundIsFound() =>
        Assert.Contains(Outcome(2, "onebatch: too big.\n", allocated: FuzzOutcome.MaxAllocatedBytes + 1).Violations(), v => v.StartsWith("allocated", StringComparison.Ordinal));

    [Fact]
    public void AnExceptionThatEscapesRunIsFound()
    {
        var outcome = Outcome(-1) with { Escaped = new InvalidOperationException("x") };
        Assert.Contains(outcome.Violations(), v => v.Contains("escaped", StringComparison.Ordinal));
    }
}
