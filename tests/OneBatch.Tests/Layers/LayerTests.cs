using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.Tests.Layers;

public sealed class LayerTests
{
    [Fact]
    public void SequentialInfersEveryLayerShapeFromTheDeclaredInput()
    {
        var model = new Sequential(
        [
            new Dense(8, activation: "relu", inputShape: [5]),
            new Dropout(0.5f),
            new Dense(4),
            new Activation("softmax"),
        ]);
        Assert.True(model.Built);
        Assert.Equal(new Shape(8), model.Layers[0].OutputShape);
        Assert.Equal(new Shape(8), model.Layers[1].OutputShape);
        Assert.Equal(new Shape(4), model.Layers[2].OutputShape);
        Assert.Equal(new Shape(4), model.Layers[3].OutputShape);
        Assert.Equal(new Shape(4), model.OutputShape);
        Assert.Equal(new Shape(5, 8), ((Dense)model.Layers[0]).Kernel!.Shape);
        Assert.Equal(new Shape(8, 4), ((Dense)model.Layers[2]).Kernel!.Shape);
        Assert.Equal((5 * 8) + 8 + (8 * 4) + 4, model.CountParams());
        Assert.Equal(4, model.TrainableVariables.Count);
        Assert.Equal(new Shape(3, 4), model.Apply(Tensor.Zeros(3, 5)).Shape);
    }

    [Fact]
    public void SequentialWithoutADeclaredInputBuildsOnItsFirstCall()
    {
        var model = new Sequential([new Dense(3), new Dense(2)], seed: 1);
        Assert.False(model.Built);
        var y = model.Apply(Tensor.Zeros(4, 6));
        Assert.Equal(new Shape(4, 2), y.Shape);
        Assert.Equal(new Shape(6, 3), ((Dense)model.Layers[0]).Kernel!.Shape);

        // The weights come from the model's seed, not from the seed Apply uses for a lone layer.
        var same = new Sequential([new Dense(3), new Dense(2)], seed: 1);
        same.Apply(Tensor.Zeros(4, 6));
        var other = new Sequential([new Dense(3), new Dense(2)], seed: 2);
        other.Apply(Tensor.Zeros(4, 6));
        Assert.Equal(model.GetWeights()[0], same.GetWeights()[0]);
        Assert.NotEqual(model.GetWeights()[0], other.GetWeights()[0]);
    }

    [Fact]
    public void LayerNamesAreMadeUniqueKerasStyle()
    {
        var model = new Sequential([new Dense(3, inputShape: [2]), new Dense(3), new Dropout(0.1f), new Dense(1)]);
        Assert.Equal(["dense", "dense_1", "dropout", "dense_2"], model.Layers.Select(l => l.Name).ToArray());
        Assert.Equal("dense_1/kernel", model.Layers[1].Weights[0].Name);
        Assert.Equal("dense_1/bias", model.Layers[1].Weights[1].Name);
        Assert.Equal("input_layer", new InputLayer([3]).Name);
    }

    [Fact]
    public void FreezingALayerUpdatesTheModelsTrainableVariables()
    {
        var model = new Sequential([new Dense(3, inputShape: [2]), new Dense(1)]);
        Assert.Equal(4, model.TrainableVariables.Count); // read (and cached) before the change
        model.Layers[0].Trainable = false;
        Assert.Equal(["dense_1/kernel", "dense_1/bias"], model.TrainableVariables.Select(v => v.Name).ToArray());
        Assert.Empty(model.Layers[0].TrainableWeights);
        Assert.Equal(2, model.Layers[0].NonTrainableWeights.Count);
        model.Layers[0].Trainable = true;
        Assert.Equal(4, model.TrainableVariables.Count);
        model.Trainable = false;
        Assert.Empty(model.TrainableVariables);
    }

    [Fact]
    public void ADuplicateExplicitNameThrows()
    {
        var e = Assert.Throws<ArgumentException>(() => new Sequential([new Dense(3, name: "head"), new Dense(3, name: "head")]));
        Assert.Contains("'head'", e.Message);
    }

    [Fact]
    public void ALayerWhoseInputDoesNotFitIsNamed()
    {
        // A Dense already built for 5 features, placed where it would receive 7.
        var shared = new Dense(2, name: "shared_head");
        shared.Apply(Tensor.Zeros(1, 5));
        var e = Assert.Throws<ArgumentException>(() => new Sequential([new Dense(7, inputShape: [3]), shared]));
        Assert.Contains("'shared_head'", e.Message);
        Assert.Contains("Layer 2", e.Message);
        Assert.Contains("[7]", e.Message);
        Assert.Contains("[5]", e.Message);

        // An input layer that declares another shape than the model feeds it.
        var e2 = Assert.Throws<ArgumentException>(() => new Sequential([new Dense(4, inputShape: [3]), new InputLayer([6], name: "late_input")]));
        Assert.Contains("'late_input'", e2.Message);

        // A Dense on scalar samples.
        var e3 = Assert.Throws<ArgumentException>(() => new Sequential([new Dense(4, inputShape: [], name: "on_scalars")]));
        Assert.Contains("'on_scalars'", e3.Message);
    }

    [Fact]
    public void ApplyWithAWrongInputShapeThrowsClearly()
    {
        var dense = new Dense(3);
        dense.Apply(Tensor.Zeros(2, 5));
        var e = Assert.Throws<ArgumentException>(() => dense.Apply(Tensor.Zeros(2, 7)));
        Assert.Contains("'dense'", e.Message);
        Assert.Contains("[2, 5]", e.Message);
        Assert.Contains("[2, 7]", e.Message);

        var model = new Sequential([new Dense(3, inputShape: [4])]);
        var e2 = Assert.Throws<ArgumentException>(() => model.Apply(Tensor.Zeros(2, 5)));
        Assert.Contains("[2, 5]", e2.Message);
        Assert.Throws<ArgumentException>(() => model.Apply(Tensor.Scalar(1f)));

        // A different batch size is fine.
        Assert.Equal(new Shape(9, 3), model.Apply(Tensor.Zeros(9, 4)).Shape);
    }

    [Fact]
    public void WeightsRoundTripInKerasOrder()
    {
        var model = new Sequential([new Dense(3, inputShape: [2]), new Dense(1)], seed: 1);
        var weights = model.GetWeights();
        Assert.Equal([6, 3, 3, 1], weights.Select(w => w.Length).ToArray()); // kernel, bias per layer
        var other = new Sequential([new Dense(3, inputShape: [2]), new Dense(1)], seed: 2);
        Assert.NotEqual(weights[0], other.GetWeights()[0]);
        other.SetWeights(weights);
        var x = new RandomGenerator(3).Uniform(new Shape(4, 2));
        Assert.Equal(model.Apply(x).ToArray(), other.Apply(x).ToArray());
        Assert.Throws<ArgumentException>(() => other.SetWeights(weights.Take(3).ToArray()));
        Assert.Throws<ArgumentException>(() => other.SetWeights([new float[5], weights[1], weights[2], weights[3]]));
    }

    [Fact]
    public void SummaryListsLayersShapesAndParameters()
    {
        var model = new Sequential([new Dense(64, activation: "relu", inputShape: [5]), new Dense(1)]);
        string summary = model.Summary();
        Assert.Contains("dense (Dense)", summary);
        Assert.Contains("dense_1 (Dense)", summary);
        Assert.Contains("(None, 64)", summary);
        Assert.Contains("Total params: 449", summary); // 5*64 + 64 + 64*1 + 1
    }

    [Fact]
    public void DenseComputesXTimesKernelPlusBias()
    {
        var dense = new Dense(2, kernelInitializer: "ones", biasInitializer: "ones");
        var y = dense.Apply(Tensor.FromArray([1f, 2f, 3f, -1f, 0f, 4f], 2, 3));
        Assert.Equal([7f, 7f, 4f, 4f], y.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(0));
    }

    [Fact]
    public void DropoutIsTheIdentityOutsideTraining()
    {
        var dropout = new Dropout(0.5f, seed: 1);
        var x = new RandomGenerator(2).Uniform(new Shape(10, 10));
        Assert.Equal(x.ToArray(), dropout.Apply(x, training: false).ToArray());
        Assert.Equal(x.ToArray(), new Dropout(0f).Apply(x, training: true).ToArray());
    }

    [Theory]
    [InlineData(0.2f)]
    [InlineData(0.5f)]
    [InlineData(0.8f)]
    public void DropoutInTrainingZeroesAboutRateAndScalesTheRest(float rate)
    {
        var dropout = new Dropout(rate, seed: 3);
        var x = new RandomGenerator(4).Uniform(new Shape(100, 100), 0.5f, 1.5f);
        var y = dropout.Apply(x, training: true).ToArray();
        int zeros = 0;
        for (int i = 0; i < y.Length; i++)
        {
            if (y[i] == 0f)
            {
                zeros++;
            }
            else
            {
                Assert.Equal(x.Span[i] / (1f - rate), y[i], 1e-5f);
            }
        }

        Assert.InRange(zeros / (double)y.Length, rate - 0.02, rate + 0.02);
    }

    [Fact]
    public void DropoutPassesTheGradientOnlyThroughKeptValues()
    {
        var dropout = new Dropout(0.5f, seed: 5);
        var x = Tensor.Full(new Shape(4, 8), 1f);
        using var tape = new GradientTape();
        var y = dropout.Apply(x, training: true);
        var g = tape.Gradient(Ops.Sum(y), x)!.ToArray();
        var values = y.ToArray();
        for (int i = 0; i < g.Length; i++)
        {
            Assert.Equal(values[i], g[i]); // y = x * mask and x = 1, so dy/dx = mask = y
        }
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1f)]
    public void ABadDropoutRateThrows(float rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(rate));
}
