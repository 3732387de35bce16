using OneBatch.Check;
using OneBatch.Check.Sweep;

namespace OneBatch.Tests.Check;

public sealed class SweepRunnerTests
{
    private static SweepResult Sweep(int workers, string demo = "regression", int steps = 60)
    {
        var first = SeedDemos.Create(demo, 1);
        return new SweepRunner(first, () => SeedDemos.Create(demo, 1), SweepOptimizer.Parse("adam,sgd-momentum"), SweepGrid.Parse("1e-3,0.03"),
            new CheckOptions { MaxSteps = steps, Seed = 1 }) { Workers = workers }.Run();
    }

    [Theory]
    [InlineData("regression")]
    [InlineData("classification")]
    public void ParallelRunsGiveTheSameResultsAsSerialOnesBitForBit(string demo)
    {
        var serial = Sweep(1, demo);
        var parallel = Sweep(Math.Max(2, Environment.ProcessorCount), demo);
        Assert.Equal(1, serial.Workers);
        Assert.True(parallel.Workers > 1);
        Assert.Equal(serial.Runs.Count, parallel.Runs.Count);
        for (int i = 0; i < serial.Runs.Count; i++)
        {
            var (s, p) = (serial.Runs[i], parallel.Runs[i]);
            Assert.Equal((s.Optimizer, s.LearningRate, s.Verdict, s.Steps, s.MemorizedAtStep), (p.Optimizer, p.LearningRate, p.Verdict, p.Steps, p.MemorizedAtStep));
            Assert.Equal(BitConverter.SingleToInt32Bits(s.FinalLoss), BitConverter.SingleToInt32Bits(p.FinalLoss));
            Assert.Equal(s.LossCurve.Select(c => (c.Step, BitConverter.SingleToInt32Bits(c.Loss))), p.LossCurve.Select(c => (c.Step, BitConverter.SingleToInt32Bits(c.Loss))));
            Assert.Equal(s.DiagnosisCodes, p.DiagnosisCodes);
        }
    }

    [Fact]
    public void EveryRunStartsFromTheSameWeightsAsAPlainCheck()
    {
        var result = Sweep(2);
        var plain = SingleBatchCheck.Run(SeedDemos.Create("regression", 1), new OneBatch.Optimizers.Adam(0.03f), new CheckOptions { MaxSteps = 60, Seed = 1 });
        var run = result.Runs.Single(r => r.Optimizer == "adam" && r.LearningRate == 0.03f);
        Assert.Equal(plain.FinalLoss, run.FinalLoss);
        Assert.Equal(plain.Steps, run.Steps);
        Assert.Equal(plain.Diagnoses.Select(d => d.Code), run.DiagnosisCodes);
    }

    [Fact]
    public void RunsAreInGridOrderAndTheCaseIsLeftAtItsInitialWeights()
    {
        var first = SeedDemos.Create("regression", 1);
        var before = first.Model.GetWeights();
        var seen = new List<int>();
        var result = new SweepRunner(first, () => SeedDemos.Create("regression", 1), SweepOptimizer.Parse("sgd,adam"), SweepGrid.Parse("0.1,0.001"),
            new CheckOptions { MaxSteps = 20 }) { Workers = 2, Progress = p => seen.Add(p.Done) }.Run();
        Assert.Equal(["sgd", "sgd", "adam", "adam"], result.Runs.Select(r => r.Optimizer));
        Assert.Equal([0.001f, 0.1f, 0.001f, 0.1f], result.Runs.Select(r => r.LearningRate));
        Assert.Equal([1, 2, 3, 4], seen);
        Assert.Equal(before, first.Model.GetWeights());
    }
}
