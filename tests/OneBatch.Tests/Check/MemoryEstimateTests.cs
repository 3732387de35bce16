using OneBatch.Check;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;
using Xunit.Abstractions;

namespace OneBatch.Tests.Check;

public sealed class MemoryEstimateTests(ITestOutputHelper output)
{
    private static Sequential Mlp(int seed) =>
        new([new Dense(512, activation: "relu"), new Dense(512, activation: "relu"), new Dense(16)], seed: seed);

    [Fact]
    public void ADryRunBuildGivesTheWeightsShapesWithoutTheirStorage()
    {
        var model = Mlp(0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        model.Build(new Shape(256), RandomGenerator.ForDryRun());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(Mlp(0).CountParamsAfterBuild(), model.CountParams());
        Assert.All(model.Weights, w => Assert.False(w.Value.IsAllocated));
        Assert.True(allocated < 200_000, $"a dry run allocated {allocated} bytes for {model.CountParams()} weights");
    }

    [Fact]
    public void TheEstimateAgreesWithWhatABuildAndATrainingStepAllocateWithinAFactorOfTwo()
    {
        const int batch = 256;
        var plan = Mlp(1);
        plan.Build(new Shape(256), RandomGenerator.ForDryRun());
        var estimate = MemoryEstimate.For(plan, batch, new Adam());

        var x = new RandomGenerator(1).Uniform(new Shape(batch, 256));
        var y = new RandomGenerator(2).Uniform(new Shape(batch, 16));
        GC.Collect();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var model = Mlp(1);
        model.Build(new Shape(256), new RandomGenerator(1));
        SingleBatchCheck.Run(model, x, y, new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 1, EarlyStop = false });
        long measured = GC.GetTotalAllocatedBytes(precise: true) - before + (x.Size + y.Size) * sizeof(float);
        output.WriteLine($"estimate {estimate.Bytes:N0} ({estimate.Describe()}), measured {measured:N0}");
        double ratio = (double)estimate.Bytes / measured;
        Assert.InRange(ratio, 0.5, 2.0);
    }

    [Fact]
    public void OptimizerStateIsCountedBySlotsPerWeight()
    {
        var plan = Mlp(0);
        plan.Build(new Shape(256), RandomGenerator.ForDryRun());
        long weights = plan.CountParams() * 4;
        Assert.Equal(2 * weights, MemoryEstimate.For(plan, 1, new Adam()).OptimizerState);
        Assert.Equal(weights, MemoryEstimate.For(plan, 1, new SGD(momentum: 0.9f)).OptimizerState);
        Assert.Equal(0, MemoryEstimate.For(plan, 1, new SGD()).OptimizerState);
    }

    [Fact]
    public void EachOptimizerAllocatesTheSlotsItCounts()
    {
        foreach (var optimizer in new Optimizer[] { new Adam(), new Adam(amsgrad: true), new SGD(), new SGD(momentum: 0.5f), new RMSprop(momentum: 0.5f, centered: true), new Adagrad(), new Adadelta(), new Adamax(), new Nadam(), new Lion(), new Ftrl() })
        {
            var v = new OneBatch.Autodiff.Variable(new Tensor(new Shape(100_000)), "w");
            var g = new Tensor(new Shape(100_000));
            long before = GC.GetAllocatedBytesForCurrentThread();
            optimizer.ApplyGradients([g], [v]);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.InRange(allocated, optimizer.SlotsPerWeight * 400_000L, (optimizer.SlotsPerWeight * 400_000L) + 50_000);
        }
    }

    [Fact]
    public void AnEstimateOverTheLimitIsRefusedSayingWhatItNeedsAndHas()
    {
        var plan = Mlp(0);
        plan.Build(new Shape(256), RandomGenerator.ForDryRun());
        var estimate = MemoryEstimate.For(plan, 32, new Adam());
        var e = Assert.Throws<MemoryBudgetException>(() => estimate.EnsureFits(1_000_000));
        Assert.StartsWith($"The check needs about {MemoryEstimate.Format(estimate.Bytes)} (weights ", e.Message, StringComparison.Ordinal);
        Assert.Contains("adam state", e.Message, StringComparison.Ordinal);
        Assert.Contains("but the limit set is 1 MB", e.Message, StringComparison.Ordinal);
        Assert.True(e.UserLimit);
        estimate.EnsureFits(null);
    }
}

internal static class CountParamsExtensions
{
    public static long CountParamsAfterBuild(this Model model)
    {
        model.Build(new Shape(256), new RandomGenerator(0));
        return model.CountParams();
    }
}
