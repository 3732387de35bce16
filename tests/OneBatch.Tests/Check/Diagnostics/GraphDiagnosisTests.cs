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
/// The diagnoses on models that are graphs (residual branches, several inputs and outputs, nested models): each
/// built broken the way a user would, on the seed's regression batch.
/// </summary>
public sealed class GraphDiagnosisTests
{
    private static Diagnosis Single(CheckReport report, string code)
    {
        Assert.Equal(CheckReport.NotMemorizedVerdict, report.Verdict);
        var found = report.Diagnoses.Where(d => d.Code == code).ToArray();
        Assert.True(found.Length == 1, $"expected {code}; got [{string.Join(", ", report.Diagnoses.Select(d => d.Code))}]");
        return found[0];
    }

    private static CheckReport Run(Model model, Tensor x, Tensor y, Optimizer optimizer, int steps) =>
        SingleBatchCheck.Run(model, x, y, new MeanSquaredError(), optimizer, new CheckOptions { MaxSteps = steps });

    [Fact]
    public void ADeadBranchOfAResidualModelIsNamedInTheLayerTable()
    {
        // x -> Dense(16, relu, biases -10) 'dead' -> Dense(1) 'branch_out'; x -> Dense(1) 'skip'; output = sum.
        var demo = SeedDemos.Regression();
        var inputs = Keras.Input(shape: [5]);
        var dead = new Dense(16, activation: "relu", biasInitializer: new Constant(-10f), name: "dead").Apply(inputs);
        var branch = new Dense(1, name: "branch_out").Apply(dead);
        var skip = new Dense(1, name: "skip").Apply(inputs);
        var model = new Functional(inputs, new Add(name: "sum").Apply(branch, skip));

        var report = Run(model, demo.X, demo.Y, new Adam(), 400);
        Assert.Equal(["dead", "branch_out", "skip", "sum"], report.Layers.Select(l => l.Name));
        Assert.Equal(1f, report.Layers[0].DeadShare);
        var d = Single(report, DiagnosisCodes.DeadGradient);
        Assert.Contains("'dead' (100% of units never active", d.Message);
        Assert.Contains("dead", (string[])d.Evidence["noGradientLayers"]!);
    }

    [Fact]
    public void VanishingGradientIsMeasuredAlongTheLongestPathNotTheSkipConnection()
    {
        // Ten sigmoid layers on the main path; a linear skip from the input to the output is off that path.
        var demo = SeedDemos.Regression();
        var inputs = Keras.Input(shape: [5]);
        var h = inputs;
        for (int i = 0; i < 10; i++)
        {
            h = new Dense(32, activation: "sigmoid", name: $"s{i}").Apply(h);
        }

        var main = new Dense(1, name: "main_out").Apply(h);
        var skip = new Dense(1, name: "skip").Apply(inputs);
        var model = new Functional(inputs, new Add().Apply(main, skip));

        var report = Run(model, demo.X, demo.Y, new Adam(), 300);
        var d = Single(report, DiagnosisCodes.VanishingGradient);
        var start = (IReadOnlyDictionary<string, object>)d.Evidence["gradientRmsStart"]!;
        Assert.Equal(["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "main_out"], start.Keys);
        Assert.Contains("from the last layer 'main_out' to the first 's0'", d.Message);
        Assert.True(report.Evidence!.Layers.Single(l => l.Name == "skip").LongestPathPosition is null);
    }

    [Fact]
    public void ANonFiniteForwardIsLocatedAtTheFirstCallInGraphOrder()
    {
        // Two branches; the exponential one overflows on inputs in the hundreds.
        var demo = SeedDemos.Regression();
        var x = new Tensor(demo.X.Shape);
        TensorPrimitives.Multiply(demo.X.ReadOnlySpan, 300f, x.Span);
        var inputs = Keras.Input(shape: [5]);
        var safe = new Dense(8, activation: "tanh", name: "safe").Apply(inputs);
        var hot = new Dense(8, activation: "relu", name: "hot").Apply(inputs);
        var blowup = new Dense(8, activation: "exponential", name: "blowup").Apply(hot);
        var model = new Functional(inputs, new Dense(1, name: "out").Apply(new Concatenate().Apply(safe, blowup)));

        var report = Run(model, x, demo.Y, new Adam(), 50);
        var d = Single(report, DiagnosisCodes.NonFinite);
        Assert.Equal("forward", d.Evidence["phase"]);
        Assert.Equal("blowup", d.Evidence["layer"]);
    }

    [Fact]
    public void AnInputTheModelDoesNotUseIsNamed()
    {
        // Input 'a' is the same for every sample; input 'b' differs but goes through a frozen layer of zeros.
        var demo = SeedDemos.Regression();
        var a = Tensor.Full(new Shape(32, 3), 0.5f);
        var inputA = Keras.Input(shape: [3], name: "a");
        var inputB = Keras.Input(shape: [5], name: "b");
        var blocked = new Dense(4, kernelInitializer: "zeros", name: "blocked") { Trainable = false };
        var joined = new Concatenate().Apply(new Dense(4, activation: "tanh").Apply(inputA), blocked.Apply(inputB));
        var model = new Functional([inputA, inputB], [new Dense(1).Apply(joined)]);

        var report = SingleBatchCheck.Run(model, [a, demo.X], [demo.Y], new MeanSquaredError(), new Adam(), new CheckOptions { MaxSteps = 600 });
        var d = Single(report, DiagnosisCodes.InputIgnored);
        Assert.Equal(["b"], (string[])d.Evidence["unusedInputs"]!);
        Assert.Contains("does not depend on input 'b'", d.Message);
        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.ContradictoryLabels);
    }

    [Fact]
    public void ARangeMismatchOnOneOfTwoOutputsNamesThatOutput()
    {
        var demo = SeedDemos.Regression();
        var shifted = new Tensor(demo.Y.Shape);
        TensorPrimitives.Subtract(demo.Y.ReadOnlySpan, 0.5f, shifted.Span);
        var inputs = Keras.Input(shape: [5]);
        var h = new Dense(64, activation: "relu").Apply(inputs);
        var good = new Dense(1, name: "good").Apply(h);
        var clipped = new Dense(1, activation: "relu", name: "clipped").Apply(h);
        var model = new Functional([inputs], [good, clipped]);

        var report = SingleBatchCheck.Run(model, [demo.X], [demo.Y, shifted], new CompiledLoss([new MeanSquaredError(), new MeanSquaredError()]), new Adam(), new CheckOptions { MaxSteps = 1500 });
        var d = Single(report, DiagnosisCodes.OutputRangeMismatch);
        Assert.Equal("clipped", d.Evidence["output"]);
        Assert.Contains("of output 'clipped'", d.Message);
        Assert.False(report.Outputs[1].Memorized);
        Assert.True(report.Outputs[0].FinalLoss < report.Outputs[1].FinalLoss / 10, $"{report.Outputs[0].FinalLoss} vs {report.Outputs[1].FinalLoss}");
    }

    [Fact]
    public void AFrozenBatchNormalizationKeepsItsMovingStatistics()
    {
        var demo = SeedDemos.Regression();
        var frozen = new BatchNormalization(name: "frozen_bn") { Trainable = false };
        var model = new Sequential([new Dense(8, activation: "relu", inputShape: [5]), frozen, new Dense(1)]);
        var report = Run(model, demo.X, demo.Y, new Adam(), 5);
        Assert.Contains(report.Notes, n => n.Contains("1 frozen BatchNormalization layer(s) used their moving statistics", StringComparison.Ordinal));
        Assert.Equal(new float[8], frozen.MovingMean!.Value.ToArray());
    }

    [Fact]
    public void ASaturatedParallelBranchDoesNotHideALayerThatGetsNoGradient()
    {
        // 'pre' feeds only a frozen layer of zeros; a saturated tanh sits on a parallel branch, not downstream of it.
        var demo = SeedDemos.Regression();
        var x = new Tensor(demo.X.Shape);
        TensorPrimitives.Multiply(demo.X.ReadOnlySpan, 1000f, x.Span);
        var inputs = Keras.Input(shape: [5]);
        var pre = new Dense(8, name: "pre").Apply(inputs);
        var gate = new Dense(4, kernelInitializer: "zeros", name: "gate") { Trainable = false }.Apply(pre);
        var saturated = new Dense(4, activation: "tanh", kernelInitializer: "ones", name: "sat").Apply(inputs);
        var model = new Functional(inputs, new Dense(1, name: "out").Apply(new Concatenate().Apply(gate, saturated)));

        var report = Run(model, x, demo.Y, new Adam(), 300);
        var d = Single(report, DiagnosisCodes.DeadGradient);
        Assert.Contains("pre", (string[])d.Evidence["noGradientLayers"]!);
        Assert.Contains(report.Diagnoses, x => x.Code == DiagnosisCodes.SaturatedActivation);
    }

    [Fact]
    public void ABranchThatFeedsOnlyAnOutputOfWeightZeroIsNotCalledDead()
    {
        var demo = SeedDemos.Regression();
        var inputs = Keras.Input(shape: [5]);
        var main = new Dense(1, name: "main").Apply(new Dense(16, activation: "relu").Apply(inputs));
        var aux = new Dense(1, name: "aux").Apply(new Dense(4, name: "aux_hidden").Apply(inputs));
        var model = new Functional([inputs], [main, aux]);

        var loss = new CompiledLoss([new MeanSquaredError(), new MeanSquaredError()], [1f, 0f]);
        var report = SingleBatchCheck.Run(model, [demo.X], [demo.Y, demo.Y], loss, new Adam(1e-6f), new CheckOptions { MaxSteps = 200 });
        Assert.Equal(CheckReport.NotMemorizedVerdict, report.Verdict);
        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.DeadGradient);
        Assert.False(report.Evidence!.Layers.Single(l => l.Name == "aux_hidden").FeedsLoss);
    }

    [Fact]
    public void ClassIndicesAreNotTargetsOutsideASoftmaxsRange()
    {
        var demo = SeedDemos.Classification();
        var labels = Tensor.FromArray(Enumerable.Range(0, 32).Select(i => (float)(i % 3)).ToArray(), 32);
        var report = SingleBatchCheck.Run(demo.Model, demo.X, labels, new SparseCategoricalCrossentropy(), new Adam(1e-6f), new CheckOptions { MaxSteps = 100 });
        Assert.Equal(CheckReport.NotMemorizedVerdict, report.Verdict);
        Assert.DoesNotContain(report.Diagnoses, x => x.Code == DiagnosisCodes.OutputRangeMismatch);
    }
}
