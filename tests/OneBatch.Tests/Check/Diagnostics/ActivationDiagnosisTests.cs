using OneBatch.Activations;
using OneBatch.Check;
using OneBatch.Check.Diagnostics;
using OneBatch.Initializers;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Check.Diagnostics;

/// <summary>
/// The dead-unit and saturation diagnoses follow each activation's profile, not its name: relu6 and a thresholded
/// ReLU die, leaky ReLU, PReLU and ELU do not; hard_sigmoid and softsign saturate.
/// </summary>
public sealed class ActivationDiagnosisTests
{
    private static CheckCase Regression(string name, params Layer[] layers)
    {
        var (x, y) = BrokenModels.RegressionBatch();
        return new CheckCase(name, new Sequential(layers), x, y, new MeanSquaredError());
    }

    private static CheckCase Unscaled(string name, params Layer[] layers)
    {
        var (x, y) = BrokenModels.RegressionBatch();
        var scaled = new Tensor(x.Shape);
        TensorPrimitives.Multiply(x.ReadOnlySpan, 1000f, scaled.Span);
        return new CheckCase(name, new Sequential(layers), scaled, y, new MeanSquaredError());
    }

    [Fact]
    public void Relu6LayersWithBiasesOfMinusTenAreDead()
    {
        var report = BrokenModels.Run(
            Regression(
                "dead-relu6",
                new Dense(32, "relu6", biasInitializer: new Constant(-10f), inputShape: [5]),
                new Dense(16, "relu6", biasInitializer: new Constant(-10f)),
                new Dense(1)),
            new Adam(),
            300);

        var d = Assert.Single(report.Diagnoses, x => x.Code == DiagnosisCodes.DeadGradient);
        Assert.Contains("'dense' (100% of units never active on the batch)", d.Message, StringComparison.Ordinal);
        Assert.Equal(1f, report.Layers[0].DeadShare);
        Assert.Equal(1f, report.Layers[1].DeadShare);
    }

    [Fact]
    public void Relu6StuckAtItsCeilingIsDeadToo()
    {
        // Biases of +10 hold every unit at 6, the flat top, where no gradient passes either.
        var report = BrokenModels.Run(
            Regression("stuck-relu6", new Dense(32, "relu6", biasInitializer: new Constant(10f), inputShape: [5]), new Dense(1)),
            new Adam(),
            300);

        Assert.Equal(1f, report.Layers[0].DeadShare);
        Assert.Contains(report.Diagnoses, x => x.Code == DiagnosisCodes.DeadGradient);
    }

    [Fact]
    public void AThresholdedReluLayerBelowItsThresholdIsDead()
    {
        var report = BrokenModels.Run(
            Regression("thresholded", new Dense(32, inputShape: [5]), new ReLU(threshold: 50f), new Dense(1)),
            new Adam(),
            300);

        Assert.Equal(1f, report.Layers[1].DeadShare);
        Assert.Contains(report.Diagnoses, x => x.Code == DiagnosisCodes.DeadGradient);
    }

    [Theory]
    [InlineData("leaky_relu")]
    [InlineData("elu")]
    [InlineData("selu")]
    public void ActivationsWithASlopeBelowAreNeverCalledDead(string activation)
    {
        // The same biases of -10 that kill a ReLU: these keep a slope below 0, so gradient still flows.
        var report = BrokenModels.Run(
            Regression(
                "negative-biases-" + activation,
                new Dense(32, activation, biasInitializer: new Constant(-10f), inputShape: [5]),
                new Dense(16, activation, biasInitializer: new Constant(-10f)),
                new Dense(1)),
            new Adam(),
            300);

        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.DeadGradient);
        Assert.Null(report.Layers[0].DeadShare);
        Assert.NotEqual(0f, report.Layers[0].GradientNormStart);
    }

    [Fact]
    public void LeakyReluAndPReluLayersAreNeverCalledDead()
    {
        var report = BrokenModels.Run(
            Regression(
                "leaky-layers",
                new Dense(32, biasInitializer: new Constant(-10f), inputShape: [5]),
                new LeakyReLU(),
                new Dense(16, biasInitializer: new Constant(-10f)),
                new PReLU(alphaInitializer: new Constant(0.25f)),
                new Dense(1)),
            new Adam(),
            300);

        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.DeadGradient);
        Assert.All(report.Layers, l => Assert.Null(l.DeadShare));
    }

    [Fact]
    public void InputsInTheThousandsSaturateHardSigmoid()
    {
        var report = BrokenModels.Run(Unscaled("unscaled-hard-sigmoid", new Dense(16, "hard_sigmoid", inputShape: [5]), new Dense(1)), new Adam(), 500);

        var d = Assert.Single(report.Diagnoses, x => x.Code == DiagnosisCodes.SaturatedActivation);
        Assert.Contains("'dense' (hard_sigmoid, beyond +-3)", d.Message, StringComparison.Ordinal);
        Assert.True(report.Layers[0].SaturatedShare > 0.9f);
        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.DeadGradient);
    }

    [Fact]
    public void InputsInTheThousandsSaturateSoftsign()
    {
        var report = BrokenModels.Run(Unscaled("unscaled-softsign", new Dense(16, "softsign", inputShape: [5]), new Dense(1)), new Adam(), 500);

        Assert.Contains(report.Diagnoses, x => x.Code == DiagnosisCodes.SaturatedActivation);
        Assert.True(report.Layers[0].SaturatedShare > 0.9f);
    }

    [Fact]
    public void ARelu6OutputCannotReachTargetsAboveSix()
    {
        var (x, y) = BrokenModels.RegressionBatch();
        var large = new Tensor(y.Shape);
        TensorPrimitives.Multiply(y.ReadOnlySpan, 20f, large.Span);
        var demo = new CheckCase("relu6-output", new Sequential([new Dense(32, "relu", inputShape: [5]), new Dense(1, "relu6")]), x, large, new MeanSquaredError());
        var report = BrokenModels.Run(demo, new Adam(0.01f), 500);

        var d = Assert.Single(report.Diagnoses, x => x.Code == DiagnosisCodes.OutputRangeMismatch);
        Assert.Equal("[0, 6]", d.Evidence["outputRange"]);
    }

    [Fact]
    public void TheOutputRangeComesFromTheProfile()
    {
        Assert.Equal((0f, 6f), ActivationRange.Of(ActivationFunction.Relu6));
        Assert.Equal((-1f, 1f), ActivationRange.Of(ActivationFunction.Softsign));
        Assert.Equal((-1f, float.PositiveInfinity), ActivationRange.Of(ActivationFunction.Elu));
        Assert.Equal((float.NegativeInfinity, 0f), ActivationRange.Of(ActivationFunction.LogSoftmax));
        Assert.Null(ActivationRange.Of(ActivationFunction.LeakyRelu));
        Assert.Null(ActivationRange.Of(null));
    }
}
