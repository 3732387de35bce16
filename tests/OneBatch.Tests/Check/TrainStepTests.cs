using OneBatch.Check;
using OneBatch.Check.Training;
using OneBatch.Optimizers;

namespace OneBatch.Tests.Check;

public sealed class TrainStepTests
{
    [Theory]
    [InlineData("regression", "adam")]
    [InlineData("classification", "adam")]
    [InlineData("regression", "sgd")]
    [InlineData("classification", "rmsprop")]
    public void AStepInSteadyStateAllocatesNothing(string demo, string optimizer)
    {
        // DESIGN: no per-step heap garbage in steady state (one tape reused, buffers pooled).
        var d = SeedDemos.Create(demo, seed: 0);
        var step = new TrainStep(d.Model, d.Inputs, d.Targets, d.Loss, Optimizer.Get(optimizer));
        for (int i = 0; i < 5; i++)
        {
            step.Run();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            step.Run();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"20 steps allocated {allocated} bytes");
    }

    [Fact]
    public void RunReturnsTheLossBeforeTheUpdateAndTheLossFalls()
    {
        var d = SeedDemos.Regression(seed: 1);
        var step = new TrainStep(d.Model, d.Inputs, d.Targets, d.Loss, new Adam(0.01f));
        float first = step.Run();
        float forward = step.Forward();
        Assert.NotEqual(first, forward);
        float loss = first;
        for (int i = 0; i < 100; i++)
        {
            loss = step.Run();
        }

        Assert.True(loss < first / 2, $"loss {first} -> {loss}");
        Assert.Equal(d.Model.TrainableVariables.Count, step.Gradients.Length);
    }
}
