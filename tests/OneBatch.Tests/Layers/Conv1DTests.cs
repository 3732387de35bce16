using OneBatch.Autodiff;
using OneBatch.Check.Training;
using OneBatch.Initializers;
using OneBatch.Kernels;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;
using OneBatch.Tests.Autodiff;

namespace OneBatch.Tests.Layers;

public sealed class Conv1DTests
{
    [Theory]
    // steps, kernel, strides, dilation, padding -> new steps (Keras 3's compute_conv_output_shape)
    [InlineData(10, 3, 1, 1, "valid", 8)]
    [InlineData(10, 3, 2, 1, "valid", 4)]
    [InlineData(11, 3, 2, 1, "valid", 5)]
    [InlineData(10, 3, 1, 2, "valid", 6)]
    [InlineData(10, 3, 1, 3, "valid", 4)]
    [InlineData(5, 5, 1, 1, "valid", 1)]
    [InlineData(1, 1, 1, 1, "valid", 1)]
    [InlineData(10, 3, 1, 1, "same", 10)]
    [InlineData(10, 3, 2, 1, "same", 5)]
    [InlineData(11, 4, 2, 1, "same", 6)]
    [InlineData(10, 3, 1, 4, "same", 10)]
    [InlineData(1, 5, 1, 1, "same", 1)]
    [InlineData(10, 3, 1, 1, "causal", 10)]
    [InlineData(9, 3, 2, 1, "causal", 5)]
    [InlineData(10, 3, 1, 2, "causal", 10)]
    [InlineData(1, 3, 1, 3, "causal", 1)]
    public void OutputLengthFollowsKeras(int steps, int kernel, int strides, int dilation, string padding, int expected)
    {
        var layer = new Conv1D(4, kernel, strides, padding, dilation);
        Assert.Equal(new Shape(expected, 4), layer.ComputeOutputShape(new Shape(steps, 3)));
    }

    [Fact]
    public void TheKernelIsKerasShapedAndParametersAreCounted()
    {
        var model = new Sequential([new Conv1D(8, 5, activation: "relu", inputShape: [20, 3]), new Conv1D(2, 1, useBias: false)]);
        var conv = (Conv1D)model.Layers[0];
        Assert.Equal(new Shape(5, 3, 8), conv.Kernel!.Shape);
        Assert.Equal(new Shape(8), conv.Bias!.Shape);
        Assert.Equal([(5 * 3 * 8) + 8, 8 * 2], model.Layers.Select(l => l.CountParams()));
        Assert.Equal(["conv1d", "conv1d_1"], model.Layers.Select(l => l.Name));
        Assert.Equal([new Shape(16, 8), new Shape(16, 2)], model.Layers.Select(l => l.OutputShape!.Value));
        Assert.Null(((Conv1D)model.Layers[1]).Bias);
    }

    [Theory]
    [InlineData("valid", 1, 1)]
    [InlineData("same", 2, 1)]
    [InlineData("causal", 1, 3)]
    [InlineData("same", 1, 2)]
    public void ForwardMatchesANaiveConvolutionWithActivation(string padding, int strides, int dilation)
    {
        var layer = new Conv1D(3, 3, strides, padding, dilation, activation: "tanh", biasInitializer: new RandomUniform());
        var x = new RandomGenerator(3).Uniform(new Shape(2, 9, 4), -1f, 1f);
        var y = layer.Apply(x);
        var kernel = layer.Kernel!.Value;
        var bias = layer.Bias!.Value;
        int outLength = y.Shape[1];
        int span = (dilation * 2) + 1;
        int pad = padding switch
        {
            "causal" => span - 1,
            "same" => Math.Max(((outLength - 1) * strides) + span - 9, 0) / 2,
            _ => 0,
        };

        for (int n = 0; n < 2; n++)
        {
            for (int o = 0; o < outLength; o++)
            {
                for (int f = 0; f < 3; f++)
                {
                    double sum = bias[f];
                    for (int j = 0; j < 3; j++)
                    {
                        int t = (o * strides) - pad + (j * dilation);
                        for (int c = 0; t >= 0 && t < 9 && c < 4; c++)
                        {
                            sum += x[n, t, c] * kernel[j, c, f];
                        }
                    }

                    Assert.Equal(Math.Tanh(sum), y[n, o, f], 1e-5);
                }
            }
        }
    }

    [Fact]
    public void CausalOutputsNeverSeeLaterSteps()
    {
        var layer = new Conv1D(2, 3, padding: "causal", dilationRate: 2);
        var x = new RandomGenerator(4).Uniform(new Shape(1, 8, 2));
        var before = layer.Apply(x).ToArray();
        x[0, 5, 1] += 1f;
        var after = layer.Apply(x).ToArray();
        for (int t = 0; t < 8; t++)
        {
            bool changed = before[t * 2] != after[t * 2] || before[(t * 2) + 1] != after[(t * 2) + 1];
            Assert.Equal(t is 5 or 7, changed); // step 5 feeds outputs 5 and 7 (taps t, t-2, t-4)
        }
    }

    public static TheoryData<string, int, int, int> GradientCases()
    {
        var cases = new TheoryData<string, int, int, int>();
        foreach (string padding in new[] { "valid", "same", "causal" })
        {
            foreach (var (strides, dilation) in new[] { (1, 1), (2, 1), (1, 2) })
            {
                foreach (int steps in new[] { 7, 1 })
                {
                    if (steps == 1 && padding == "valid")
                    {
                        continue; // a 3-step kernel does not fit one step without padding (see the 1-step kernel case)
                    }

                    cases.Add(padding, strides, dilation, steps);
                }
            }
        }

        cases.Add("valid", 1, 1, 1);
        return cases;
    }

    [Theory]
    [MemberData(nameof(GradientCases))]
    public void GradientsOfInputKernelAndBiasMatchCentralDifferences(string padding, int strides, int dilation, int steps)
    {
        int k = steps == 1 && padding == "valid" ? 1 : 3;
        var layer = new Conv1D(3, k, strides, padding, dilation, biasInitializer: new RandomUniform());
        var x = new RandomGenerator(20 + steps).Uniform(new Shape(2, steps, 2), -1f, 1f);
        layer.Apply(x);
        ConvGradientCheck.Assert(() => layer.Apply(x), [x, layer.Kernel!.Value, layer.Bias!.Value]);
    }

    [Theory]
    [InlineData(Padding.Valid)]
    [InlineData(Padding.Same)]
    [InlineData(Padding.Causal)]
    public void TheOpTakesStridesAndDilationTogether(Padding padding)
    {
        // Keras's layer refuses strides 2 with dilation 2; the op itself computes it (its kernels are tested for it).
        var window = new Window1D(2, 2, padding, 2);
        var x = new RandomGenerator(30).Uniform(new Shape(2, 7, 3), -1f, 1f);
        var kernel = new RandomGenerator(31).Uniform(new Shape(2, 3, 2), -1f, 1f);
        var bias = new RandomGenerator(32).Uniform(new Shape(2), -1f, 1f);
        ConvGradientCheck.Assert(() => Ops.Conv1D(x, kernel, bias, window), [x, kernel, bias]);
    }

    [Fact]
    public void TheMaskOfAnEmbeddingIsDroppedAsInKeras3()
    {
        var inputs = Keras.Input(shape: [4]);
        var embedded = new Embedding(6, 3, maskZero: true).Apply(inputs);
        var model = new Functional(inputs, new Conv1D(2, 2, padding: "same").Apply(embedded));
        var outputs = new Tensor[1];
        var masks = new Tensor?[1];
        model.Apply([Tensor.FromArray([1f, 2f, 0f, 0f], 1, 4)], outputs, masks);
        Assert.Equal(new Shape(1, 4, 2), outputs[0].Shape);
        Assert.Null(masks[0]);
    }

    [Fact]
    public void BadSettingsAreRefusedNamingTheLayer()
    {
        Assert.Equal("Conv1D needs a positive filters; got 0.", Assert.Throws<ArgumentException>(() => new Conv1D(0, 3)).Message);
        Assert.Contains("positive kernel_size; got 0", Assert.Throws<ArgumentException>(() => new Conv1D(4, 0)).Message);
        Assert.Contains("positive strides; got -1", Assert.Throws<ArgumentException>(() => new Conv1D(4, 3, strides: -1)).Message);
        Assert.Contains("positive dilation_rate; got 0", Assert.Throws<ArgumentException>(() => new Conv1D(4, 3, dilationRate: 0)).Message);
        Assert.Equal(
            "Conv1D cannot combine strides > 1 with dilation_rate > 1 (Keras refuses it too); got strides 2 and dilation_rate 2.",
            Assert.Throws<ArgumentException>(() => new Conv1D(4, 3, strides: 2, dilationRate: 2)).Message);
        Assert.Equal(
            "Conv1D's padding must be \"valid\", \"same\" or \"causal\"; got \"full\".",
            Assert.Throws<ArgumentException>(() => new Conv1D(4, 3, padding: "full")).Message);

        var rank = Assert.Throws<ArgumentException>(() => new Conv1D(4, 3).ComputeOutputShape(new Shape(8, 8, 3)));
        Assert.Contains("'conv1d' (Conv1D) expects sequences [steps, channels] (rank 2 per sample); got per-sample input shape [8, 8, 3]", rank.Message);
        var shortInput = Assert.Throws<ArgumentException>(() => new Conv1D(4, 3, dilationRate: 2).ComputeOutputShape(new Shape(4, 3)));
        Assert.Contains("sequences of at least 5 steps for its 3-step kernel dilated by 2 with valid padding", shortInput.Message);
    }

    [Fact]
    public void ATrainStepOfAConv1DModelAllocatesNothingInSteadyState()
    {
        // DESIGN: no per-step heap garbage in steady state, with every padding, a dilation and a stride.
        var model = new Sequential(
        [
            new Conv1D(8, 3, padding: "causal", dilationRate: 2, activation: "relu", inputShape: [16, 3]),
            new Conv1D(8, 3, strides: 2, padding: "same", activation: "relu"),
            new Conv1D(4, 2),
            new Flatten(),
            new Dense(2),
        ]);
        var x = new RandomGenerator(5).Uniform(new Shape(4, 16, 3));
        var y = new RandomGenerator(6).Uniform(new Shape(4, 2));
        var step = new TrainStep(model, x, y, new MeanSquaredError(), new Adam());
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
}
