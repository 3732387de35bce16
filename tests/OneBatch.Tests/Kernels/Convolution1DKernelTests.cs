using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Tests.Kernels;

/// <summary>
/// The convolution kernels on 1-D geometries (<see cref="WindowGeometry.Create1D"/>: sequences <c>[N, L, C]</c> seen
/// as images <c>[N, 1, L, C]</c>, with dilation and causal padding) against a naive scalar convolution written here
/// from Keras's definitions, forward and both backward passes, across lengths 1 to 9, kernels 1 to 3, strides 1 and 2,
/// dilations 1 to 3 and every padding.
/// </summary>
public sealed class Convolution1DKernelTests
{
    private static readonly Padding[] Paddings = [Padding.Valid, Padding.Same, Padding.Causal];

    [Fact]
    public void EveryPaddingStrideAndDilationMatchesANaiveConvolution()
    {
        int checkedCases = 0;
        foreach (int length in new[] { 1, 2, 5, 7, 8, 9 })
        {
            foreach (int k in new[] { 1, 2, 3 })
            {
                foreach (int stride in new[] { 1, 2 })
                {
                    foreach (int dilation in new[] { 1, 2, 3 })
                    {
                        foreach (var padding in Paddings)
                        {
                            int outLength = KerasOutputLength(length, k, stride, dilation, padding);
                            if (outLength <= 0)
                            {
                                var e = Assert.Throws<ArgumentException>(() => WindowGeometry.Create1D(2, length, 3, k, stride, dilation, padding));
                                Assert.Contains($"sequence of {length} steps", e.Message);
                                continue;
                            }

                            int channels = 1 + (checkedCases % 3), filters = 1 + (checkedCases % 4);
                            string label = $"L={length} k={k} s={stride} d={dilation} {padding} C={channels} F={filters}";
                            CheckAgainstNaive(2, length, channels, k, stride, dilation, padding, filters, seed: checkedCases, label);
                            checkedCases++;
                        }
                    }
                }
            }
        }

        Assert.True(checkedCases > 200, $"only {checkedCases} cases ran");
    }

    [Theory]
    [InlineData(3, 7, 5, 3, 1, 1, Padding.Causal, 4)]
    [InlineData(1, 9, 2, 3, 2, 3, Padding.Same, 3)]
    [InlineData(2, 300, 200, 5, 1, 2, Padding.Same, 3)]     // patches long enough for more than one block of rows
    [InlineData(2, 301, 120, 3, 2, 1, Padding.Causal, 2)]
    [InlineData(5, 700, 40, 3, 1, 2, Padding.Causal, 64)]   // at least 2^22 multiply-adds: shared out by sequences
    [InlineData(4, 1024, 64, 3, 2, 1, Padding.Valid, 64)]
    [InlineData(4, 11, 6, 1, 1, 1, Padding.Same, 5)]        // a pointwise window: one GEMM over the input itself
    [InlineData(3, 11, 6, 1, 2, 1, Padding.Valid, 5)]
    public void LargerAndSpecialCasesMatchANaiveConvolution(int n, int length, int channels, int k, int stride, int dilation, Padding padding, int filters)
    {
        CheckAgainstNaive(n, length, channels, k, stride, dilation, padding, filters, seed: length, $"L={length}");
    }

    [Fact]
    public void AnEmptyBatchGivesEmptyResults()
    {
        var g = WindowGeometry.Create1D(0, 5, 3, 3, 1, 2, Padding.Causal);
        Assert.Equal(0, g.Positions);
        var kernel = new RandomGenerator(1).Uniform(new Shape(g.Patch * 4)).ToArray();
        float[] empty = [];
        Convolution.Forward(empty, kernel, empty, g, 4);
        Convolution.BackwardInput(empty, kernel, empty, g, 4, accumulate: false);
        var dk = new float[kernel.Length];
        Array.Fill(dk, float.NaN);
        Convolution.BackwardKernel(empty, empty, dk, g, 4, accumulate: false);
        Assert.All(dk, v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData(7, 3, 1, 1, Padding.Valid, 5, 0)]
    [InlineData(7, 3, 1, 2, Padding.Valid, 3, 0)]     // span 5
    [InlineData(7, 3, 2, 1, Padding.Valid, 3, 0)]
    [InlineData(7, 3, 1, 2, Padding.Same, 7, 2)]      // total padding 4, split 2 + 2
    [InlineData(8, 2, 1, 3, Padding.Same, 8, 1)]      // total 3: the odd one after
    [InlineData(7, 3, 2, 1, Padding.Same, 4, 1)]
    [InlineData(7, 3, 1, 3, Padding.Causal, 7, 6)]    // all of d * (k - 1) before
    [InlineData(7, 3, 2, 1, Padding.Causal, 4, 2)]
    [InlineData(1, 3, 1, 2, Padding.Causal, 1, 4)]
    public void GeometryPadsAsKerasDoes(int length, int k, int stride, int dilation, Padding padding, int outLength, int padBefore)
    {
        var g = WindowGeometry.Create1D(2, length, 3, k, stride, dilation, padding);
        Assert.Equal((1, outLength, padBefore, 0), (g.OH, g.OW, g.PadLeft, g.PadTop));
        Assert.Equal(outLength, KerasOutputLength(length, k, stride, dilation, padding));
    }

    // Keras 3's compute_conv_output_shape: valid floor((L - d(k-1) - 1) / s) + 1; same and causal floor((L - 1) / s) + 1.
    private static int KerasOutputLength(int length, int k, int stride, int dilation, Padding padding) =>
        padding == Padding.Valid
            ? (int)Math.Floor((length - (dilation * (k - 1)) - 1) / (double)stride) + 1
            : (int)Math.Floor((length - 1) / (double)stride) + 1;

    // The padding before the first step: TensorFlow's "same" split (the odd one after), or all of it for "causal".
    private static int PadBefore(int length, int k, int stride, int dilation, Padding padding, int outLength)
    {
        int span = (dilation * (k - 1)) + 1;
        return padding switch
        {
            Padding.Causal => span - 1,
            Padding.Same => Math.Max(((outLength - 1) * stride) + span - length, 0) / 2,
            _ => 0,
        };
    }

    private static void CheckAgainstNaive(int n, int length, int channels, int k, int stride, int dilation, Padding padding, int filters, int seed, string label)
    {
        var g = WindowGeometry.Create1D(n, length, channels, k, stride, dilation, padding);
        int outLength = KerasOutputLength(length, k, stride, dilation, padding);
        Assert.Equal(outLength, g.OW);
        int pad = PadBefore(length, k, stride, dilation, padding, outLength);

        var random = new RandomGenerator(seed);
        var x = random.Uniform(new Shape(n * length * channels), -1f, 1f).ToArray();
        var kernel = random.Uniform(new Shape(k * channels * filters), -1f, 1f).ToArray();
        var bias = random.Uniform(new Shape(filters), -1f, 1f).ToArray();
        var dy = random.Uniform(new Shape(n * outLength * filters), -1f, 1f).ToArray();

        // y[n, o, f] = b[f] + sum_{j, c} x[n, o*s - pad + j*d, c] * K[j, c, f], out-of-range steps being zeros.
        var yExpected = new double[dy.Length];
        var dxExpected = new double[x.Length];
        var dkExpected = new double[kernel.Length];
        for (int b = 0; b < n; b++)
        {
            for (int o = 0; o < outLength; o++)
            {
                for (int f = 0; f < filters; f++)
                {
                    int yAt = (((b * outLength) + o) * filters) + f;
                    double sum = bias[f];
                    for (int j = 0; j < k; j++)
                    {
                        int t = (o * stride) - pad + (j * dilation);
                        if (t < 0 || t >= length)
                        {
                            continue;
                        }

                        for (int c = 0; c < channels; c++)
                        {
                            int xAt = (((b * length) + t) * channels) + c;
                            int kAt = (((j * channels) + c) * filters) + f;
                            sum += (double)x[xAt] * kernel[kAt];
                            dxExpected[xAt] += (double)dy[yAt] * kernel[kAt];
                            dkExpected[kAt] += (double)dy[yAt] * x[xAt];
                        }
                    }

                    yExpected[yAt] = sum;
                }
            }
        }

        var y = new float[dy.Length];
        Convolution.Forward(x, kernel, bias, y, g, filters);
        AssertClose(yExpected, y, label + " forward");

        var dx = new float[x.Length];
        Array.Fill(dx, float.NaN);
        Convolution.BackwardInput(dy, kernel, dx, g, filters, accumulate: false);
        AssertClose(dxExpected, dx, label + " dx");

        var dk = new float[kernel.Length];
        Array.Fill(dk, float.NaN);
        Convolution.BackwardKernel(x, dy, dk, g, filters, accumulate: false);
        AssertClose(dkExpected, dk, label + " dkernel");

        // accumulate adds onto what is there
        Convolution.BackwardInput(dy, kernel, dx, g, filters, accumulate: true);
        AssertClose(dxExpected.Select(v => 2 * v).ToArray(), dx, label + " dx accumulated");
    }

    private static void AssertClose(double[] expected, float[] actual, string label)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = 1e-4 + (1e-4 * Math.Abs(expected[i]));
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
            {
                Assert.Fail($"{label}, element {i}: expected {expected[i]:G7}, got {actual[i]:G7}.");
            }
        }
    }
}
