using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

public sealed class DotTests
{
    [Fact]
    public void TwoVectorsGiveOneScorePerSample()
    {
        // Sample 0: 1*4 + 2*5 + 3*6 = 32; sample 1: 1*1 + 0*2 + 2*3 = 7.
        var a = Tensor.FromArray([1f, 2f, 3f, 1f, 0f, 2f], 2, 3);
        var b = Tensor.FromArray([4f, 5f, 6f, 1f, 2f, 3f], 2, 3);
        var y = new Dot(axes: 1).Apply(a, b);
        Assert.Equal(new Shape(2, 1), y.Shape);
        Assert.Equal([32f, 7f], y.ToArray());
        AssertGradients(t => new Dot(axes: 1).Apply(t[0], t[1]), [Uniform(1, new Shape(3, 4)), Uniform(2, new Shape(3, 4))]);
    }

    [Fact]
    public void NormalizedItIsTheCosineSimilarity()
    {
        // [3, 4] and [4, 3]: cosine (12 + 12) / (5 * 5) = 0.96.
        var a = Tensor.FromArray([3f, 4f], 1, 2);
        var b = Tensor.FromArray([4f, 3f], 1, 2);
        Assert.Equal(0.96f, new Dot(axes: -1, normalize: true).Apply(a, b).ToScalar(), 6);
        AssertGradients(t => new Dot(axes: 1, normalize: true).Apply(t[0], t[1]), [Away(3, new Shape(2, 3), 0.2f, 1f), Away(4, new Shape(2, 3), 0.2f, 1f)]);
    }

    [Theory]
    [InlineData(2, 2, new[] { 3, 5 })]
    [InlineData(1, 1, new[] { 4, 6 })]
    [InlineData(2, 1, new[] { 3, 6 })]
    public void TwoMatricesGiveABatchedMatrixProduct(int axisA, int axisB, int[] expected)
    {
        // a: [N, 3, 4], b: [N, 5, 4] or [N, 4, 6]: contract the given axis of each.
        var aShape = new Shape(2, 3, 4);
        var bShape = axisB == 2 ? new Shape(2, 5, 4) : axisA == 1 ? new Shape(2, 3, 6) : new Shape(2, 4, 6);
        var a = Uniform(5, aShape);
        var b = Uniform(6, bShape);
        var dot = new Dot([axisA, axisB]);
        var y = dot.Apply(a, b);
        Assert.Equal(new Shape([2, .. expected]), y.Shape);
        for (int n = 0; n < 2; n++)
        {
            for (int i = 0; i < expected[0]; i++)
            {
                for (int j = 0; j < expected[1]; j++)
                {
                    double sum = 0;
                    int k = axisA == 2 ? 4 : 3;
                    for (int c = 0; c < k; c++)
                    {
                        float av = axisA == 2 ? a[n, i, c] : a[n, c, i];
                        float bv = axisB == 2 ? b[n, j, c] : b[n, c, j];
                        sum += av * bv;
                    }

                    Assert.Equal(sum, y[n, i, j], 4);
                }
            }
        }

        AssertGradients(t => new Dot([axisA, axisB]).Apply(t[0], t[1]), [a, b]);
    }

    [Fact]
    public void SizesThatDoNotMatchAlongTheAxesAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dot(axes: 1, name: "score").Apply(Keras.Input(shape: [3]), Keras.Input(shape: [4])));
        Assert.Contains("'score' (Dot) expects inputs of equal size along axes 1 and 1", e.Message);
    }
}
