using OneBatch.Check;
using OneBatch.Check.Training;
using OneBatch.Constraints;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Regularizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Check;

public sealed class RegularizedTrainStepTests
{
    private static Sequential Regularized() => new(
    [
        new Dense(16, activation: "relu", inputShape: [5])
        {
            KernelRegularizer = new L2(1e-3f),
            BiasRegularizer = new L1(1e-3f),
            ActivityRegularizer = new L1L2(1e-4f, 1e-4f),
            KernelConstraint = new MaxNorm(0.5f),
            BiasConstraint = new NonNeg(),
        },
        new Dense(8, activation: "tanh") { KernelRegularizer = new L1L2(1e-4f, 1e-3f), KernelConstraint = new MinMaxNorm(0.1f, 1f, 0.5f) },
        new Dense(1) { KernelConstraint = new UnitNorm() },
    ], seed: 2);

    [Fact]
    public void AStepWithRegularizersAndConstraintsAllocatesNothingInSteadyState()
    {
        var d = SeedDemos.Regression(seed: 0);
        var step = new TrainStep(Regularized(), d.X, d.Y, new MeanSquaredError(), new Adam());
        long allocated = SteadyStateAllocation.BytesPerRound(() =>
        {
            step.Run();
            _ = step.DataLoss + step.Penalty;
        });
        Assert.True(allocated == 0, $"5 steps allocated {allocated} bytes");
    }

    [Fact]
    public void TheLossTrainedIsTheDataLossPlusThePenalty()
    {
        var d = SeedDemos.Regression(seed: 0);
        var model = Regularized();
        var step = new TrainStep(model, d.X, d.Y, new MeanSquaredError(), new Adam());
        float total = step.Forward();
        Assert.True(step.HasPenalty);
        Assert.True(step.Penalty > 0f);
        Assert.Equal(step.DataLoss + step.Penalty, total, 1e-6f);
        Assert.Equal(step.DataLoss, step.OutputLoss(0));

        // The first layer's activity, kernel and bias penalties, and the second layer's kernel penalty.
        Assert.Equal(4, model.Losses.Count);
    }

    [Fact]
    public void AConstrainedKernelObeysItsMaxNormAfterEveryStep()
    {
        // A learning rate high enough that unconstrained columns would grow past the cap within a few steps.
        var d = SeedDemos.Regression(seed: 1);
        var dense = new Dense(32, activation: "relu", inputShape: [5]) { KernelConstraint = new MaxNorm(0.8f) };
        var model = new Sequential([dense, new Dense(1)], seed: 1);
        var y = Tensor.FromArray([.. d.Y.ToArray().Select(v => 20f * v)], d.Y.Shape[0], 1);
        var step = new TrainStep(model, d.X, y, new MeanSquaredError(), new Adam(0.05f));
        float largest = 0f;
        for (int s = 0; s < 300; s++)
        {
            step.Run();
            var w = dense.Kernel!.Value.ToArray();
            for (int unit = 0; unit < 32; unit++)
            {
                double norm = Math.Sqrt(Enumerable.Range(0, 5).Sum(i => (double)w[(i * 32) + unit] * w[(i * 32) + unit]));
                Assert.True(norm <= 0.8 + 1e-6, $"step {s}: unit {unit} has norm {norm}");
                largest = MathF.Max(largest, (float)norm);
            }
        }

        // The cap was reached, so the constraint did work.
        Assert.True(largest > 0.79f, $"largest norm {largest}");
    }
}
