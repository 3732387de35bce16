using OneBatch.Losses;
using OneBatch.Tensors;

namespace OneBatch.Tests.Losses;

/// <summary>What the new losses' tests share: a loss value against a hand-worked number, and the best constant found by brute force.</summary>
internal static class LossChecks
{
    public static void AssertClose(double expected, Tensor loss, double tolerance = 1e-5)
    {
        Assert.Equal(Shape.Scalar, loss.Shape);
        double actual = loss.ToScalar();
        Assert.True(
            Math.Abs(actual - expected) <= tolerance * Math.Max(1, Math.Abs(expected)),
            $"loss {actual:G9}, expected {expected:G9}");
    }

    /// <summary>
    /// The least loss over predictions that repeat one row <c>c</c> for every sample, each entry of c on a grid of
    /// <paramref name="steps"/> + 1 values in [<paramref name="low"/>, <paramref name="high"/>] (every combination: keep rows narrow).
    /// </summary>
    public static float BestConstantByGrid(Loss loss, Tensor targets, float low, float high, int steps)
    {
        int rows = targets.Shape[0];
        int width = targets.Size / rows;
        var prediction = new Tensor(targets.Shape);
        var index = new int[width];
        float best = float.PositiveInfinity;
        while (true)
        {
            var p = prediction.Span;
            for (int i = 0; i < p.Length; i++)
            {
                p[i] = low + ((high - low) * index[i % width] / steps);
            }

            best = MathF.Min(best, loss.Call(targets, prediction).ToScalar());
            int k = 0;
            while (k < width && ++index[k] > steps)
            {
                index[k++] = 0;
            }

            if (k == width)
            {
                return best;
            }
        }
    }
}
