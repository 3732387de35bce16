using OneBatch.Autodiff;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Autodiff;

/// <summary>Ops.Resize: keras.ops.image.resize without antialiasing, bilinear and nearest, with half-pixel centres.</summary>
public sealed class ResizeTests
{
    private static Tensor Image(float[] values, int height, int width) => Tensor.FromArray(values, 1, height, width, 1);

    /// <summary>Equal up to float rounding of the weights (7/6 is not exact in float).</summary>
    internal static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-5f);
        }
    }

    [Fact]
    public void BilinearTwoByTwoToThreeByThree()
    {
        // in / out = 2/3: output o samples (o + 1/2) * 2/3 - 1/2 = -1/6, 1/2, 7/6. -1/6 lies before pixel 0 and 7/6
        // beyond pixel 1, so they take the edge pixels; 1/2 is halfway between. Rows and columns alike:
        //   [[0, 10], [20, 30]] -> [[0, 5, 10], [10, 15, 20], [20, 25, 30]]
        var y = Ops.Resize(Image([0f, 10f, 20f, 30f], 2, 2), 3, 3);
        Assert.Equal(new Shape(1, 3, 3, 1), y.Shape);
        AssertClose([0f, 5f, 10f, 10f, 15f, 20f, 20f, 25f, 30f], y.ToArray());
    }

    [Fact]
    public void BilinearUpsamplingByTwo()
    {
        // in / out = 1/2: samples at -1/4, 1/4, 3/4, 5/4: pixel 0, 3/4 p0 + 1/4 p1, 1/4 p0 + 3/4 p1, pixel 1.
        //   [0, 10] -> [0, 2.5, 7.5, 10]
        var y = Ops.Resize(Image([0f, 10f], 1, 2), 1, 4);
        AssertClose([0f, 2.5f, 7.5f, 10f], y.ToArray());
    }

    [Fact]
    public void BilinearDownsamplingByTwoAveragesPairs()
    {
        // in / out = 2: samples at 1/2 and 5/2, halfway between pixels 0 and 1, and 2 and 3 (no antialiasing).
        var y = Ops.Resize(Image([1f, 3f, 10f, 20f], 1, 4), 1, 2);
        AssertClose([2f, 15f], y.ToArray());
    }

    [Fact]
    public void NearestTakesPixelFloorOfTheHalfPixelCentre()
    {
        // 4 -> 3: floor((o + 1/2) * 4/3) = 0, 2, 3.   2 -> 3: floor((o + 1/2) * 2/3) = 0, 1, 1.
        Assert.Equal([1f, 3f, 4f], Ops.Resize(Image([1f, 2f, 3f, 4f], 1, 4), 1, 3, bilinear: false).ToArray());
        Assert.Equal([1f, 2f, 2f], Ops.Resize(Image([1f, 2f], 1, 2), 1, 3, bilinear: false).ToArray());
    }

    [Fact]
    public void ChannelsAndSamplesAreResizedApart()
    {
        var x = Uniform(3, new Shape(2, 3, 2, 3));
        var y = Ops.Resize(x, 5, 4);
        for (int b = 0; b < 2; b++)
        {
            for (int c = 0; c < 3; c++)
            {
                var plane = new float[6];
                for (int i = 0; i < 6; i++)
                {
                    plane[i] = x[b, i / 2, i % 2, c];
                }

                var alone = Ops.Resize(Image(plane, 3, 2), 5, 4);
                foreach (var index in Naive.Indices(alone.Shape))
                {
                    Assert.Equal(alone[index], y[b, index[1], index[2], c], 1e-6f);
                }
            }
        }
    }

    [Theory]
    [InlineData(3, 4, 5, 7, true)]
    [InlineData(5, 6, 2, 3, true)]
    [InlineData(4, 4, 4, 4, true)]
    [InlineData(3, 4, 5, 7, false)]
    [InlineData(5, 6, 2, 3, false)]
    public void Gradients(int height, int width, int outHeight, int outWidth, bool bilinear)
    {
        var x = Uniform(4, new Shape(2, height, width, 2));
        AssertGradients(t => Ops.Resize(t[0], outHeight, outWidth, bilinear), [x]);
    }

    [Fact]
    public void BadShapesAreRefused()
    {
        Assert.Contains("Resize needs images [batch, height, width, channels]", Assert.Throws<ArgumentException>(() => Ops.Resize(Tensor.Zeros(1, 2, 2), 3, 3)).Message);
        Assert.Throws<ArgumentException>(() => Ops.Resize(Tensor.Zeros(1, 2, 2, 1), 0, 3));
    }
}
