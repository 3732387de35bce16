using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Check.Training;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Check;

public sealed class SingleBatchCheckTests
{
    [Fact]
    public void AModelWithoutADeclaredInputShapeIsBuiltAndTrainedLikeOneWithIt()
    {
        // The same layers and seed, with and without inputShape: the same initial weights, so the same run.
        var x = new RandomGenerator(1).Uniform(new Shape(8, 3));
        var y = new RandomGenerator(2).Uniform(new Shape(8, 1));
        var options = new CheckOptions { MaxSteps = 50, EarlyStop = false };
        var declared = new Sequential([new Dense(8, activation: "tanh", inputShape: [3]), new Dense(1)], seed: 4);
        var undeclared = new Sequential([new Dense(8, activation: "tanh"), new Dense(1)], seed: 4);
        var a = SingleBatchCheck.Run(declared, x, y, new MeanSquaredError(), new Adam(0.01f), options);
        var b = SingleBatchCheck.Run(undeclared, x, y, new MeanSquaredError(), new Adam(0.01f), options);
        Assert.Equal(50, b.Steps);
        Assert.True(b.FinalLoss < b.InitialLoss);
        Assert.Equal(a.LossCurve, b.LossCurve);
        Assert.Equal(declared.GetWeights(), undeclared.GetWeights());
    }

    [Fact]
    public void AFrozenLayerIsNotTrained()
    {
        var model = new Sequential([new Dense(8, activation: "tanh", inputShape: [3]), new Dense(1)], seed: 5);
        _ = model.TrainableVariables;
        model.Layers[0].Trainable = false;
        var frozen = model.GetWeights()[0];
        var x = new RandomGenerator(1).Uniform(new Shape(8, 3));
        var y = new RandomGenerator(2).Uniform(new Shape(8, 1));
        var report = SingleBatchCheck.Run(model, x, y, new MeanSquaredError(), new Adam(0.01f), new CheckOptions { MaxSteps = 20, EarlyStop = false });
        Assert.Equal(20, report.Steps);
        Assert.Equal(frozen, model.GetWeights()[0]);
    }

    [Fact]
    public void AFrozenClassifierStillReportsItsAccuracy()
    {
        var demo = SeedDemos.Classification(seed: 0);
        demo.Model.Trainable = false;

        var report = SingleBatchCheck.Run(demo, new Adam());

        Assert.Equal(0, report.Steps);
        Assert.NotNull(report.Accuracy);
        Assert.Contains(report.Diagnoses, d => d.Code == DiagnosisCodes.NoTrainableWeights);
    }

    [Fact]
    public void ADropoutInsideANestedModelIsNoted()
    {
        var random = new RandomGenerator(0);
        var x = random.Uniform(new Shape(8, 3));
        var y = random.Uniform(new Shape(8, 1));
        var inner = new Sequential([new Dense(4, activation: "relu"), new Dropout(0.5f)], seed: 0, name: "inner");
        var model = new Sequential([new Dense(4, inputShape: [3]), inner, new Dense(1)], seed: 0);

        Assert.Equal(["Dense", "Dense", "Dropout", "Dense"], model.AllLayers().Select(l => l.ClassName));
        var report = SingleBatchCheck.Run(model, x, y, new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 3 });

        Assert.Contains(report.Notes, n => n.StartsWith("Dropout layers ran as in inference", StringComparison.Ordinal));
    }
}
