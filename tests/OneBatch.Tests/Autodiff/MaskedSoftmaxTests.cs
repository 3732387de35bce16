using OneBatch.Autodiff;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Autodiff;

/// <summary>Ops.MaskedSoftmax: masked positions get weight 0 and no gradient; the mask is shared across heads.</summary>
public sealed class MaskedSoftmaxTests
{
    [Fact]
    public void MaskedPositionsGetNoWeightAndAFullyMaskedRowGetsEqualWeights()
    {
        // Row 0 keeps positions 0 and 2: weights e^1 / (e^1 + e^3) and e^3 / (e^1 + e^3). Row 1 keeps none.
        var scores = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var mask = Tensor.FromArray([1f, 0f, 1f, 0f, 0f, 0f], 2, 3);
        var y = Ops.MaskedSoftmax(scores, mask).ToArray();
        double e1 = Math.Exp(1), e3 = Math.Exp(3);
        Assert.Equal(e1 / (e1 + e3), y[0], 6);
        Assert.Equal(0f, y[1]);
        Assert.Equal(e3 / (e1 + e3), y[2], 6);
        Assert.Equal([1f / 3, 1f / 3, 1f / 3], y[3..]);
    }

    [Fact]
    public void AMaskWithoutTheHeadAxisIsSharedByEveryHead()
    {
        // scores [B=2, H=3, T=2, S=4], mask [B, T, S]: each head of sample b reads mask row (b, t).
        var scores = Uniform(301, new Shape(2, 3, 2, 4), -2f, 2f);
        var mask = Tensor.FromArray([1f, 1f, 0f, 1f, 0f, 1f, 1f, 0f, 1f, 0f, 0f, 0f, 1f, 1f, 1f, 1f], 2, 2, 4);
        var y = Ops.MaskedSoftmax(scores, mask);
        for (int b = 0; b < 2; b++)
        {
            for (int h = 0; h < 3; h++)
            {
                for (int t = 0; t < 2; t++)
                {
                    var kept = Enumerable.Range(0, 4).Where(s => mask[b, t, s] != 0f).ToArray();
                    double sum = kept.Sum(s => Math.Exp(scores[b, h, t, s]));
                    for (int s = 0; s < 4; s++)
                    {
                        double expected = mask[b, t, s] != 0f ? Math.Exp(scores[b, h, t, s]) / sum : 0;
                        Assert.Equal(expected, y[b, h, t, s], 6);
                    }
                }
            }
        }
    }

    [Fact]
    public void GradientsWithMaskedAndFullyMaskedRows()
    {
        var scores = Uniform(302, new Shape(2, 3, 3, 5), -2f, 2f);
        var mask = new Tensor(new Shape(2, 3, 5));
        var m = mask.Span;
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = (i % 3 == 1) ? 0f : 1f;
        }

        m[5..10].Clear(); // sample 0, query 1: every key masked
        AssertGradients(t => Ops.MaskedSoftmax(t[0], mask), [scores]);

        var same = Uniform(303, new Shape(3, 5), -2f, 2f);
        AssertGradients(t => Ops.MaskedSoftmax(t[0], mask.Reshape(new Shape(6, 5))), [Uniform(304, new Shape(6, 5))]);
        AssertGradients(t => Ops.Add(Ops.MaskedSoftmax(t[0], Tensor.Full(new Shape(3, 5), 1f)), Ops.Softmax(t[0])), [same]);
    }

    [Fact]
    public void AMaskOfAnotherShapeIsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.MaskedSoftmax(new Tensor(new Shape(2, 3, 4, 5)), new Tensor(new Shape(2, 4, 4))));
        Assert.Contains("scores [B, H, T, S] with a mask [B, T, S]", e.Message);
    }
}
