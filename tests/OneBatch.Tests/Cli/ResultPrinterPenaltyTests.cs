using OneBatch.Check;
using OneBatch.Cli;
using OneBatch.Optimizers;
using OneBatch.Tests.Check;

namespace OneBatch.Tests.Cli;

public sealed class ResultPrinterPenaltyTests
{
    [Fact]
    public void ARegularizedRunShowsItsDataLossAndPenaltyApart()
    {
        var report = SingleBatchCheck.Run(RegularizedCheckTests.Classifier(1e-3f), new Adam(0.01f), new CheckOptions { MaxSteps = 30 });
        var stdout = new StringWriter();
        ResultPrinter.Print(report, stdout, quiet: false);
        var lines = stdout.ToString().Split(Environment.NewLine);

        Assert.StartsWith("NOT MEMORIZED after 30 steps: data loss ", lines[0], StringComparison.Ordinal);
        Assert.Contains(", target 0.01 (penalty ", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^  loss \S+ -> \S+ = data loss \S+ -> \S+ \+ penalty \S+ -> \S+; ", lines[1]);
    }

    [Fact]
    public void AnUnregularizedRunKeepsTheShortForm()
    {
        var report = SingleBatchCheck.Run(SeedDemos.Regression(), new Adam(), new CheckOptions { MaxSteps = 5 });
        var stdout = new StringWriter();
        ResultPrinter.Print(report, stdout, quiet: true);
        Assert.StartsWith("NOT MEMORIZED after 5 steps: loss ", stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("penalty", stdout.ToString(), StringComparison.Ordinal);
    }
}
