using OneBatch.Check;
using OneBatch.Check.Training;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;
using OneBatch.Tests.Check;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Models;

public sealed class FunctionalTests
{
    [Fact]
    public void AGraphOfLayersInfersEveryShapeWithoutData()
    {
        var inputs = Keras.Input(shape: [8, 8, 3]);
        var x = new Conv2D(4, [3, 3], padding: "same", activation: "relu").Apply(inputs);
        var y = new Conv2D(4, [3, 3], padding: "same").Apply(x);
        var merged = new Add().Apply(x, y);
        Assert.Equal(new Shape(8, 8, 4), merged.Shape);
        var outputs = new Dense(10, activation: "softmax").Apply(new Flatten().Apply(merged));
        Assert.Equal(new Shape(10), outputs.Shape);

        var model = new Functional(inputs, outputs);
        Assert.True(model.Built);
        Assert.Equal(new Shape(8, 8, 3), model.InputShape);
        Assert.Equal(new Shape(10), model.OutputShape);
        Assert.Equal(["input_layer", "conv2d", "conv2d_1", "add", "flatten", "dense"], model.Layers.Select(l => l.Name));

        // conv 3*3*3*4+4, conv 3*3*4*4+4, dense 256*10+10
        Assert.Equal(112 + 148 + 2570, model.CountParams());
        var p = model.Apply(new RandomGenerator(1).Uniform(new Shape(2, 8, 8, 3)));
        Assert.Equal(new Shape(2, 10), p.Shape);
    }

    [Fact]
    public void LayersAreInKerasOrderDeepestFirstThenByTraversal()
    {
        // Two branches of different depth: Keras orders layers by their longest distance to the output (deepest
        // first), and at equal depth by when a walk back from the outputs first met them.
        var inputs = Keras.Input(shape: [4], name: "in");
        var a1 = new Dense(3, name: "a1").Apply(inputs);
        var a2 = new Dense(3, name: "a2").Apply(a1);
        var b1 = new Dense(3, name: "b1").Apply(inputs);
        var outputs = new Add(name: "sum").Apply(a2, b1);
        var model = new Functional(inputs, outputs);
        Assert.Equal(["in", "a1", "a2", "b1", "sum"], model.Layers.Select(l => l.Name));
        Assert.Equal(["a1/kernel", "a1/bias", "a2/kernel", "a2/bias", "b1/kernel", "b1/bias"], model.Weights.Select(w => w.Name));
    }

    [Fact]
    public void AStraightChainLearnsBitForBitLikeTheSameSequential()
    {
        var demo = SeedDemos.Classification(seed: 3);
        var inputs = Keras.Input(shape: [10]);
        var h = new Dense(64, activation: "relu").Apply(inputs);
        h = new Dense(32, activation: "relu").Apply(h);
        var outputs = new Dense(3, activation: "softmax").Apply(h);
        var functional = new Functional(inputs, outputs, seed: 3);

        Assert.Equal(demo.Model.GetWeights(), functional.GetWeights());
        var a = SingleBatchCheck.Run(demo, new Adam(), new CheckOptions { MaxSteps = 60, EarlyStop = false });
        var b = SingleBatchCheck.Run(functional, demo.X, demo.Y, new CategoricalCrossentropy(), new Adam(), new CheckOptions { MaxSteps = 60, EarlyStop = false });
        Assert.Equal(a.LossCurve, b.LossCurve);
    }

    [Fact]
    public void ASharedLayerSharesItsWeightsAndSumsTheirGradients()
    {
        // A siamese model: one Dense applied to both inputs, then the difference of the two encodings.
        var left = Keras.Input(shape: [3], name: "left");
        var right = Keras.Input(shape: [3], name: "right");
        var encoder = new Dense(4, activation: "tanh", biasInitializer: "random_uniform", name: "encoder");
        var outputs = new Subtract().Apply(encoder.Apply(left), encoder.Apply(right));
        var model = new Functional([left, right], [outputs]);
        Assert.Equal(2, model.Weights.Count);
        Assert.Single(model.LayerGraph().Layers, l => l == encoder);
        Assert.Equal(2, model.LayerGraph().Calls.Count(c => c.Layer == encoder));

        var xl = Uniform(1, new Shape(5, 3));
        var xr = Uniform(2, new Shape(5, 3));
        AssertGradients(t => model.Apply(t[0], t[1]), [xl, xr, encoder.Kernel!.Value, encoder.Bias!.Value]);
    }

    [Fact]
    public void AResidualBlockHasTheGradientOfItsMath()
    {
        var inputs = Keras.Input(shape: [5]);
        var h = new Dense(5, activation: "tanh", biasInitializer: "random_uniform").Apply(inputs);
        var h2 = new Dense(5, biasInitializer: "random_uniform").Apply(h);
        var outputs = new Dense(2).Apply(new Add().Apply(inputs, h2));
        var model = new Functional(inputs, outputs, seed: 4);
        var x = Uniform(5, new Shape(3, 5));
        AssertGradients(_ => model.Apply(x), [.. model.TrainableVariables.Select(v => v.Value), x]);
    }

    [Fact]
    public void ATwoInputTwoOutputModelGivesEachOutputAndTrainsOnTheirWeightedLoss()
    {
        var a = Keras.Input(shape: [4], name: "a");
        var b = Keras.Input(shape: [2], name: "b");
        var joined = new Concatenate().Apply(new Dense(8, activation: "relu").Apply(a), b);
        var value = new Dense(1, name: "value").Apply(joined);
        var label = new Dense(3, activation: "softmax", name: "label").Apply(joined);
        var model = new Functional([a, b], [value, label], seed: 1);
        Assert.Equal(["a", "b"], model.InputNames);
        Assert.Equal(["value", "label"], model.OutputNames);

        var random = new RandomGenerator(2);
        var xa = random.Uniform(new Shape(6, 4));
        var xb = random.Uniform(new Shape(6, 2));
        var outputs = model.ApplyAll(xa, xb);
        Assert.Equal(new Shape(6, 1), outputs[0].Shape);
        Assert.Equal(new Shape(6, 3), outputs[1].Shape);

        var yValue = random.Uniform(new Shape(6, 1));
        var yLabel = Tensor.FromArray([0f, 1f, 2f, 0f, 1f, 2f], 6);
        var loss = new CompiledLoss([new MeanSquaredError(), new SparseCategoricalCrossentropy()], [2f, 0.5f]);
        var step = new TrainStep(model, [xa, xb], [yValue, yLabel], loss, new Adam());
        float total = step.Forward();
        float mse = new MeanSquaredError().Call(yValue, step.Outputs[0]).ToScalar();
        float ce = new SparseCategoricalCrossentropy().Call(yLabel, step.Outputs[1]).ToScalar();
        Assert.Equal((2f * mse) + (0.5f * ce), total, 5);
        Assert.Equal(mse, step.OutputLoss(0), 6);

        var report = SingleBatchCheck.Run(model, [xa, xb], [yValue, yLabel], loss, new Adam(0.01f), new CheckOptions { MaxSteps = 3000 });
        Assert.True(report.Memorized, report.Verdict + " " + report.FinalLoss);
        Assert.Equal(2, report.Outputs.Count);
        Assert.All(report.Outputs, o => Assert.True(o.Memorized && o.FinalLoss < o.TargetLoss, $"{o.Name} {o.FinalLoss} vs {o.TargetLoss}"));
        Assert.Equal("label", report.Outputs[1].Name);
        Assert.Equal(1f, report.Outputs[1].Accuracy);
        Assert.Null(report.Outputs[0].Accuracy);
    }

    [Fact]
    public void ModelsNestAsLayersAtAnyDepthAndAFrozenBaseIsNotTrained()
    {
        var baseInputs = Keras.Input(shape: [6]);
        var baseOutputs = new Dense(5, activation: "relu", name: "base_dense").Apply(baseInputs);
        var baseModel = new Functional(baseInputs, baseOutputs, name: "base", seed: 7) { Trainable = false };
        var head = new Sequential([new Dense(4, activation: "relu", name: "head_dense"), new Dense(2, activation: "softmax", name: "head_out")], name: "head");

        var inputs = Keras.Input(shape: [6]);
        var model = new Functional(inputs, head.Apply(baseModel.Apply(inputs)), name: "outer");
        Assert.Equal(new Shape(2), model.OutputShape);
        Assert.Equal(6, model.Weights.Count);
        Assert.Equal(["head_dense/kernel", "head_dense/bias", "head_out/kernel", "head_out/bias"], model.TrainableVariables.Select(v => v.Name));

        var graph = model.LayerGraph();
        Assert.Equal(["base/base_dense", "head/head_dense", "head/head_out"], graph.Calls.Select(c => c.Path));
        Assert.False(graph.Calls[0].Trainable);
        Assert.True(graph.Calls[1].Trainable);
        Assert.Same(graph.Calls[0], Assert.Single(graph.Calls[1].Inputs));
        Assert.Equal([0], graph.Calls[0].ModelInputs);
        Assert.Same(graph.Calls[2], graph.OutputCalls[0]);

        var x = new RandomGenerator(3).Uniform(new Shape(4, 6));
        var before = baseModel.GetWeights();
        var report = SingleBatchCheck.Run(model, x, Tensor.FromArray([0f, 1f, 1f, 0f], 4), new SparseCategoricalCrossentropy(), new Adam(0.01f), new CheckOptions { MaxSteps = 50 });
        Assert.Equal(before, baseModel.GetWeights());
        Assert.Equal(["base/base_dense", "head/head_dense", "head/head_out"], report.Layers.Select(l => l.Name));
        Assert.Null(report.Layers[0].GradientNormStart);
        Assert.NotNull(report.Layers[1].GradientNormStart);

        // And a Sequential holding that Functional model.
        var sequential = new Sequential([baseModel, new Dense(1)], seed: 2);
        Assert.Equal(new Shape(1), sequential.Apply(x).Shape.DropFirst());
        Assert.Equal(["base_dense", "dense"], sequential.AllLayers().Select(l => l.Name));
    }

    [Fact]
    public void ATrainingStepOfAGraphAllocatesNothingInSteadyState()
    {
        var inputs = Keras.Input(shape: [5]);
        var a = new Dense(16, activation: "relu").Apply(inputs);
        var b = new Dense(16, activation: "tanh").Apply(inputs);
        var h = new Concatenate().Apply(new Add().Apply(a, b), new Multiply().Apply(a, b));
        var model = new Functional(inputs, new Dense(1).Apply(h));
        var demo = SeedDemos.Regression(seed: 0);
        var step = new TrainStep(model, demo.X, demo.Y, new MeanSquaredError(), new Adam());
        long allocated = SteadyStateAllocation.BytesPerRound(() => step.Run());
        Assert.True(allocated == 0, $"5 steps allocated {allocated} bytes");
    }

    [Fact]
    public void ABadGraphIsRefusedNamingWhatIsWrong()
    {
        var a = Keras.Input(shape: [3], name: "a");
        var b = Keras.Input(shape: [3], name: "b");
        var sum = new Add().Apply(a, b);
        var e = Assert.Throws<ArgumentException>(() => new Functional(a, sum));
        Assert.Contains("Graph disconnected", e.Message);
        Assert.Contains("'b'", e.Message);

        e = Assert.Throws<ArgumentException>(() => new Functional(new Dense(2).Apply(a), sum));
        Assert.Contains("is not a model input", e.Message);

        var c = Keras.Input(shape: [4]);
        e = Assert.Throws<ArgumentException>(() => new Add().Apply(a, c));
        Assert.Contains("broadcast", e.Message);

        var x = Keras.Input(shape: [3]);
        var twice = new Add().Apply(new Dense(2, name: "same").Apply(x), new Dense(2, name: "same").Apply(x));
        e = Assert.Throws<ArgumentException>(() => new Functional(x, twice));
        Assert.Contains("named 'same'", e.Message);
    }

    [Fact]
    public void TheSummaryShowsWhatFeedsEachLayer()
    {
        var inputs = Keras.Input(shape: [4], name: "in");
        var h = new Dense(3, name: "d").Apply(inputs);
        var model = new Functional(inputs, new Add(name: "sum").Apply(h, h));
        string summary = model.Summary();
        Assert.Contains("Connected to", summary);
        Assert.Contains("sum (Add)", summary);
        Assert.Contains("d, d", summary);
        Assert.Contains("Total params: 15", summary);
    }

    [Fact]
    public void ModelsNamedByDefaultAreRenamedWhenCombined()
    {
        // The GAN pattern: two Sequential models named by default, stacked in a third.
        var generator = new Sequential([new Dense(4, inputShape: [2])]);
        var discriminator = new Sequential([new Dense(1, activation: "sigmoid", inputShape: [4])]);
        var gan = new Sequential([generator, discriminator]);
        Assert.Equal(["sequential", "sequential_1"], gan.Layers.Select(l => l.Name));

        var x = Keras.Input(shape: [2]);
        var model = new Functional(x, new Sequential([new Dense(1, inputShape: [4])]).Apply(new Sequential([new Dense(4, inputShape: [2])]).Apply(x)));
        Assert.Equal(2, model.Layers.OfType<Sequential>().Select(l => l.Name).Distinct().Count());
    }

    [Fact]
    public void ALayerCalledAgainMustTakeTheShapesOfItsFirstCall()
    {
        var shared = new Dense(3, name: "shared");
        shared.Apply(Keras.Input(shape: [4]));
        var e = Assert.Throws<ArgumentException>(() => shared.Apply(Keras.Input(shape: [6])));
        Assert.Contains("'shared' (Dense) was first applied to inputs of shape [4]; got [6]", e.Message);
    }

    [Fact]
    public void ANestedModelCalledTwiceShowsEachCallsOwnOutputs()
    {
        var inner = Keras.Input(shape: [2]);
        var encoder = new Functional(inner, new Dense(2, activation: "relu", kernelInitializer: "ones", name: "enc").Apply(inner), name: "encoder");
        var a = Keras.Input(shape: [2], name: "a");
        var b = Keras.Input(shape: [2], name: "b");
        var model = new Functional([a, b], [new Subtract().Apply(encoder.Apply(a), encoder.Apply(b))]);
        var xa = Tensor.Full(new Shape(3, 2), 1f);
        var xb = Tensor.Full(new Shape(3, 2), -1f);
        model.ApplyAll(xa, xb);

        var calls = model.LayerGraph().Calls.Where(c => c.Layer.Name == "enc").ToArray();
        Assert.Equal(2, calls.Length);
        Assert.All(calls[0].Output!.ToArray(), v => Assert.Equal(2f, v));
        Assert.All(calls[1].Output!.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void AddingToANestedSequentialAfterwardsKeepsTheWeightListsCurrent()
    {
        var inner = new Sequential([new Dense(3, inputShape: [2], name: "d1")]);
        var x = Keras.Input(shape: [2]);
        var model = new Functional(x, inner.Apply(x));
        Assert.Equal(2, model.Weights.Count);
        inner.Add(new Dense(2, name: "d2"));
        Assert.Equal(4, model.Weights.Count);
        Assert.Equal(4, model.TrainableVariables.Count);
        inner.Layers[0].Weights[0].Trainable = false;
        Assert.Equal(3, model.TrainableVariables.Count);
    }

    [Fact]
    public void AMergeLayerAppliedToOneTensorPassesItOn()
    {
        var x = Tensor.FromArray([1f, 2f], 1, 2);
        Assert.Equal([1f, 2f], new Add().Apply(x).ToArray());
        Assert.Equal([1f, 2f], new Concatenate().Apply(x).ToArray());
    }
}
