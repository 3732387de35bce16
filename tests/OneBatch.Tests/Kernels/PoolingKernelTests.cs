using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Tests.Kernels;

public sealed class PoolingKernelTests
{
    public static TheoryData<int, int, int, int, int, int, int, Padding> Cases => new()
    {
        // n, h, w, c, ph, pw, stride, padding
        { 2, 6, 6, 3, 2, 2, 2, Padding.Valid },
        { 2, 7, 5, 3, 2, 2, 2, Padding.Valid },
        { 2, 7, 5, 3, 2, 2, 2, Padding.Same },
        { 1, 7, 7, 40, 3, 3, 2, Padding.Same },
        { 1, 5, 6, 17, 3, 2, 1, Padding.Valid },
        { 3, 5, 6, 9, 3, 3, 1, Padding.Same },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MaxMatchesANaiveLoopAndPointsAtItsSource(int n, int h, int w, int c, int ph, int pw, int stride, Padding padding)
    {
        var g = WindowGeometry.Create(n, h, w, c, ph, pw, stride, stride, padding);
        var x = new RandomGenerator(4).Uniform(new Shape(g.InputSize), -1f, 1f).ToArray();
        int outputs = g.N * g.OH * g.OW * g.C;
        var y = new float[outputs];
        var argmax = new int[outputs];
        Pooling.MaxForward(x, y, argmax, g);

        var (max, _) = Naive(x, g);
        for (int i = 0; i < outputs; i++)
        {
            Assert.Equal(max[i], y[i]);
            Assert.Equal(x[argmax[i]], y[i]);
        }

        // Backward: every output's gradient lands on its argmax, and nowhere else.
        var dy = new RandomGenerator(5).Uniform(new Shape(outputs)).ToArray();
        var dx = new float[x.Length];
        Pooling.MaxBackward(dy, argmax, dx, x.Length, accumulate: false);
        var expected = new float[x.Length];
        for (int i = 0; i < outputs; i++)
        {
            expected[argmax[i]] += dy[i];
        }

        Assert.Equal(expected, dx);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AverageMatchesANaiveLoopAndItsBackwardIsTheAdjoint(int n, int h, int w, int c, int ph, int pw, int stride, Padding padding)
    {
        var g = WindowGeometry.Create(n, h, w, c, ph, pw, stride, stride, padding);
        var x = new RandomGenerator(6).Uniform(new Shape(g.InputSize), -1f, 1f).ToArray();
        int outputs = g.N * g.OH * g.OW * g.C;
        var y = new float[outputs];
        Pooling.AverageForward(x, y, g);

        var (_, mean) = Naive(x, g);
        for (int i = 0; i < outputs; i++)
        {
            Assert.Equal(mean[i], y[i], 2e-5);
        }

        var dy = new RandomGenerator(7).Uniform(new Shape(outputs)).ToArray();
        var dx = new float[x.Length];
        Pooling.AverageBackward(dy, dx, g, accumulate: false);
        double lhs = 0, rhs = 0;
        for (int i = 0; i < outputs; i++)
        {
            lhs += (double)y[i] * dy[i];
        }

        for (int i = 0; i < x.Length; i++)
        {
            rhs += (double)x[i] * dx[i];
        }

        Assert.Equal(lhs, rhs, 2e-4);
    }

    [Fact]
    public void SameAveragePoolingDividesByTheValidElementsOnly()
    {
        // A 3x3 image of ones pooled 2x2 stride 2 "same": the border windows cover 2 or 1 image elements, and
        // their mean is still 1 (not 1/2 or 1/4, as counting padding would give).
        var g = WindowGeometry.Create(1, 3, 3, 1, 2, 2, 2, 2, Padding.Same);
        var x = Enumerable.Repeat(1f, 9).ToArray();
        var y = new float[g.OH * g.OW];
        Pooling.AverageForward(x, y, g);
        Assert.Equal(2, g.OH);
        Assert.All(y, v => Assert.Equal(1f, v, 6));
    }

    private static (float[] Max, float[] Mean) Naive(float[] x, WindowGeometry g)
    {
        var max = new float[g.N * g.OH * g.OW * g.C];
        var mean = new float[max.Length];
        for (int n = 0; n < g.N; n++)
        {
            for (int oh = 0; oh < g.OH; oh++)
            {
                for (int ow = 0; ow < g.OW; ow++)
                {
                    for (int ch = 0; ch < g.C; ch++)
                    {
                        float m = float.NegativeInfinity;
                        double sum = 0;
                        int count = 0;
                        for (int i = 0; i < g.KH; i++)
                        {
                            for (int j = 0; j < g.KW; j++)
                            {
                                int ih = (oh * g.SH) - g.PadTop + i, iw = (ow * g.SW) - g.PadLeft + j;
                                if (ih >= 0 && ih < g.H && iw >= 0 && iw < g.W)
                                {
                                    float v = x[(((((n * g.H) + ih) * g.W) + iw) * g.C) + ch];
                                    m = Math.Max(m, v);
                                    sum += v;
                                    count++;
                                }
                            }
                        }

                        int o = (((((n * g.OH) + oh) * g.OW) + ow) * g.C) + ch;
                        max[o] = m;
                        mean[o] = (float)(sum / count);
                    }
                }
            }
        }

        return (max, mean);
    }
}
