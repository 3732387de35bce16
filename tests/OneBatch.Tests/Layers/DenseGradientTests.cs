using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

/// <summary>Layers hold no backward code: their gradients come from the ops they are written with. Checked here.</summary>
public sealed class DenseGradientTests
{
    [Theory]
    [InlineData(new[] { 4, 3 }, null)]
    [InlineData(new[] { 4, 3 }, "tanh")]
    [InlineData(new[] { 4, 3 }, "sigmoid")]
    [InlineData(new[] { 2, 3, 5 }, null)]
    [InlineData(new[] { 2, 3, 5 }, "tanh")]
    [InlineData(new[] { 1, 7 }, "softmax")]
    public void DenseWithRespectToInputKernelAndBias(int[] inputShape, string? activation)
    {
        var dense = new Dense(4, activation: activation, biasInitializer: "random_uniform");
        var x = Uniform(1, new Shape(inputShape));
        _ = dense.Apply(x); // builds the layer
        var kernel = dense.Kernel!.Value;
        var bias = dense.Bias!.Value;
        var y = dense.Apply(x);
        var expected = new Shape(inputShape).WithLast(4);
        Assert.Equal(expected, y.Shape);
        AssertGradients(t => dense.Apply(t[0]), [x, kernel, bias]);
    }

    [Fact]
    public void DenseWithReluAwayFromTheKink()
    {
        // One input feature, kernel 1 and bias 0: the pre-activation is the input, whose magnitudes are >= 0.2.
        var dense = new Dense(1, activation: "relu", kernelInitializer: "ones");
        var x = Away(2, new Shape(6, 1), 0.2f, 1f);
        _ = dense.Apply(x);
        AssertGradients(t => dense.Apply(t[0]), [x, dense.Kernel!.Value, dense.Bias!.Value]);
    }

    [Fact]
    public void DenseWithoutBias()
    {
        var dense = new Dense(3, useBias: false);
        var x = Uniform(3, new Shape(4, 2));
        _ = dense.Apply(x);
        Assert.Null(dense.Bias);
        Assert.Single(dense.Weights);
        AssertGradients(t => dense.Apply(t[0]), [x, dense.Kernel!.Value]);
    }

    [Fact]
    public void SequentialWithALossWithRespectToEveryWeight()
    {
        var model = new Sequential(
        [
            new Dense(5, activation: "tanh", inputShape: [3], biasInitializer: "random_uniform"),
            new Dense(4, activation: "sigmoid", biasInitializer: "random_uniform"),
            new Dense(3, activation: "softmax"),
        ], seed: 3);
        var x = Uniform(4, new Shape(6, 3));
        var y = OneBatch.Utils.Categorical.ToCategorical([0, 1, 2, 2, 1, 0], 3);
        var loss = new CategoricalCrossentropy();
        var inputs = model.TrainableVariables.Select(v => v.Value).Prepend(x).ToArray();
        Assert.Equal(7, inputs.Length);
        AssertGradients(_ => loss.Call(y, model.Apply(x)), inputs);
    }
}
