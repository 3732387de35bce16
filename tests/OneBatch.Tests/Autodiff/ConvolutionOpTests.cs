using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Tests.Autodiff;

public sealed class ConvolutionOpTests
{
    [Theory]
    [InlineData(5, 5, 3, 3, 1, Padding.Valid)]
    [InlineData(5, 4, 3, 3, 1, Padding.Same)]
    [InlineData(7, 6, 3, 2, 2, Padding.Valid)]
    [InlineData(7, 5, 3, 3, 2, Padding.Same)]
    [InlineData(3, 3, 1, 1, 1, Padding.Valid)]
    public void Conv2DGradientsMatchCentralDifferences(int h, int w, int kh, int kw, int stride, Padding padding)
    {
        var random = new RandomGenerator(10);
        var x = random.Uniform(new Shape(2, h, w, 3), -1f, 1f);
        var kernel = random.Uniform(new Shape(kh, kw, 3, 4), -1f, 1f);
        var bias = random.Uniform(new Shape(4), -1f, 1f);
        var window = new Window2D(kh, kw, stride, stride, padding);

        ConvGradientCheck.Assert(() => Ops.Conv2D(x, kernel, bias, window), [x, kernel, bias]);
    }

    [Theory]
    [InlineData(2, Padding.Valid)]
    [InlineData(5, Padding.Same)] // one of them shared out by images among the team
    public void Conv2DWithAFusedReluMatchesReluAfterConv2D(int n, Padding padding)
    {
        var random = new RandomGenerator(12);
        var x = random.Uniform(new Shape(n, 21, 21, 7), -1f, 1f);
        var kernel = random.Uniform(new Shape(3, 3, 7, 47), -1f, 1f);
        var bias = random.Uniform(new Shape(47), -1f, 1f);
        var window = new Window2D(3, 3, 1, 1, padding);
        var (fused, fusedGrads) = ValueAndGradients(() => Ops.Conv2D(x, kernel, bias, window, relu: true), [x, kernel, bias]);
        var (apart, apartGrads) = ValueAndGradients(() => Ops.Relu(Ops.Conv2D(x, kernel, bias, window)), [x, kernel, bias]);

        Assert.Equal(apart, fused);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(apartGrads[i], fusedGrads[i]);
        }
    }

    [Theory]
    [InlineData(2, 3, Padding.Valid)] // read in place: the kernel gradient masks g an image at a time
    [InlineData(5, 3, Padding.Same)] // the same, shared out by images
    [InlineData(2, 7, Padding.Same)] // by im2col: g masked whole first
    public void AFirstLayersFusedReluMasksTheKernelAndBiasGradients(int n, int channels, Padding padding)
    {
        // A first layer: gradients for the weights only (the input is data), both in one backward pass.
        var random = new RandomGenerator(14);
        var x = random.Uniform(new Shape(n, 40, 40, channels), -1f, 1f);
        var kernel = new Variable(random.Uniform(new Shape(3, 3, channels, 32), -1f, 1f), "kernel");
        var bias = new Variable(random.Uniform(new Shape(32), -1f, 1f), "bias");
        var window = new Window2D(3, 3, 1, 1, padding);
        var r = random.Uniform(new Shape(n, padding == Padding.Same ? 40 : 38, padding == Padding.Same ? 40 : 38, 32), -1f, 1f);

        float[][] Gradients(bool fused)
        {
            using var tape = new GradientTape();
            var y = fused ? Ops.Conv2D(x, kernel.Value, bias.Value, window, relu: true) : Ops.Relu(Ops.Conv2D(x, kernel.Value, bias.Value, window));
            return tape.Gradient(Ops.Sum(Ops.Multiply(y, r)), [kernel, bias]).Select(g => g!.ToArray()).ToArray();
        }

        var fused = Gradients(fused: true);
        var apart = Gradients(fused: false);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(apart[i].Length, fused[i].Length);
            for (int j = 0; j < apart[i].Length; j++)
            {
                Assert.Equal(apart[i][j], fused[i][j], 1e-4f * Math.Max(1f, Math.Abs(apart[i][j])));
            }
        }
    }

    [Theory]
    [InlineData(4, 4, 2, 2, Padding.Valid)]
    [InlineData(5, 5, 2, 2, Padding.Same)]
    [InlineData(5, 4, 3, 1, Padding.Valid)]
    [InlineData(5, 5, 3, 2, Padding.Same)]
    public void PoolingGradientsMatchCentralDifferences(int h, int w, int pool, int stride, Padding padding)
    {
        // Distinct values far apart (a shuffled ramp), so the small steps of the check never change a window's max.
        int size = 2 * h * w * 3;
        var order = Enumerable.Range(0, size).ToArray();
        new Random(11).Shuffle(order);
        var x = new Tensor(new Shape(2, h, w, 3), order.Select(i => i * 0.1f).ToArray());
        var window = new Window2D(pool, pool, stride, stride, padding);

        ConvGradientCheck.Assert(() => Ops.MaxPool2D(x, window), [x]);
        ConvGradientCheck.Assert(() => Ops.AvgPool2D(x, window), [x]);
    }

    [Fact]
    public void MaxPoolTakesTheMaxOfEachWindow()
    {
        // x: [1, 2, 4, 1] = [[1, 5, 2, 0], [3, 4, 8, 6]] -> [[5, 8]]
        var x = Tensor.FromArray([1, 5, 2, 0, 3, 4, 8, 6], 1, 2, 4, 1);
        var y = Ops.MaxPool2D(x, new Window2D(2, 2, 2, 2));
        Assert.Equal(new Shape(1, 1, 2, 1), y.Shape);
        Assert.Equal([5f, 8f], y.ToArray());
    }

    [Fact]
    public void Conv2DRejectsAKernelThatDoesNotMatchTheInput()
    {
        var x = Tensor.Zeros(1, 5, 5, 3);
        var e = Assert.Throws<ArgumentException>(() => Ops.Conv2D(x, Tensor.Zeros(3, 3, 2, 4)));
        Assert.Contains("over 3 channels", e.Message);
        Assert.Throws<ArgumentException>(() => Ops.Conv2D(Tensor.Zeros(5, 5, 3), Tensor.Zeros(3, 3, 3, 4)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BatchNormalizationGradientsMatchCentralDifferences(bool batchStatistics)
    {
        var random = new RandomGenerator(12);
        var x = random.Uniform(new Shape(3, 2, 2, 3), -2f, 2f);
        var gamma = random.Uniform(new Shape(3), 0.5f, 1.5f);
        var beta = random.Uniform(new Shape(3), -1f, 1f);
        var mean = random.Uniform(new Shape(3), -0.5f, 0.5f);
        var variance = random.Uniform(new Shape(3), 0.5f, 1.5f);
        var movingMean = mean.Clone();
        var movingVariance = variance.Clone();

        ConvGradientCheck.Assert(
            () => batchStatistics
                ? Ops.BatchNormalization(x, gamma, beta, mean, variance, 1e-3f, batchStatistics: true)
                : Ops.BatchNormalization(x, gamma, beta, movingMean, movingVariance, 1e-3f, batchStatistics: false),
            [x, gamma, beta],
            h: 1e-3f);
    }

    [Fact]
    public void BatchNormalizationWithBatchStatisticsNormalizesEachChannel()
    {
        var x = new RandomGenerator(13).Uniform(new Shape(8, 5, 4), -3f, 7f);
        var mean = Tensor.Zeros(4);
        var variance = Tensor.Zeros(4);
        var y = Ops.BatchNormalization(x, null, null, mean, variance, 1e-3f, batchStatistics: true);
        for (int ch = 0; ch < 4; ch++)
        {
            var column = Enumerable.Range(0, 40).Select(r => (double)y.ReadOnlySpan[(r * 4) + ch]).ToArray();
            var raw = Enumerable.Range(0, 40).Select(r => (double)x.ReadOnlySpan[(r * 4) + ch]).ToArray();
            Assert.Equal(0, column.Average(), 2e-4);
            Assert.Equal(1, column.Select(v => v * v).Average(), 2e-2);
            Assert.Equal(raw.Average(), mean[ch], 2e-4);
            Assert.Equal(raw.Select(v => (v - raw.Average()) * (v - raw.Average())).Average(), variance[ch], 2e-3);
        }
    }

    // f's value and the gradients of sum(f * r) (r fixed, random) with respect to each source.
    private static (float[] Value, float[][] Gradients) ValueAndGradients(Func<Tensor> f, Tensor[] sources)
    {
        using var tape = new GradientTape();
        var y = f();
        var r = new RandomGenerator(13).Uniform(y.Shape, -1f, 1f);
        var loss = Ops.Sum(Ops.Multiply(y, r));
        return (y.ToArray(), sources.Select(s => tape.Gradient(loss, s)!.ToArray()).ToArray());
    }
}
