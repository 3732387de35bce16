using OneBatch.Tensors;

namespace OneBatch.Tests.Autodiff;

/// <summary>Index arithmetic for the scalar reference computations the op tests compare against.</summary>
internal static class Naive
{
    /// <summary>Every multi-index of <paramref name="shape"/>, in row-major order (one empty index for a scalar).</summary>
    public static IEnumerable<int[]> Indices(Shape shape)
    {
        if (shape.Size == 0)
        {
            yield break;
        }

        var index = new int[shape.Rank];
        while (true)
        {
            yield return (int[])index.Clone();
            int axis = shape.Rank - 1;
            while (axis >= 0 && ++index[axis] == shape[axis])
            {
                index[axis] = 0;
                axis--;
            }

            if (axis < 0)
            {
                yield break;
            }
        }
    }

    /// <summary>The flat position of <paramref name="index"/> in a row-major tensor of <paramref name="shape"/>.</summary>
    public static int Offset(Shape shape, int[] index)
    {
        Assert.Equal(shape.Rank, index.Length);
        int offset = 0;
        for (int i = 0; i < index.Length; i++)
        {
            Assert.InRange(index[i], 0, shape[i] - 1);
            offset = (offset * shape[i]) + index[i];
        }

        return offset;
    }

    /// <summary>The element of <paramref name="operand"/> that output element <paramref name="index"/> reads under NumPy broadcasting.</summary>
    public static float Broadcast(Tensor operand, int[] index)
    {
        int shift = index.Length - operand.Rank;
        var own = new int[operand.Rank];
        for (int i = 0; i < operand.Rank; i++)
        {
            own[i] = operand.Shape[i] == 1 ? 0 : index[i + shift];
        }

        return operand.ReadOnlySpan[Offset(operand.Shape, own)];
    }

    /// <summary>A tensor of <paramref name="shape"/> holding 0.5, 1.5, 2.5, ... with alternating signs: every element distinct.</summary>
    public static Tensor Distinct(Shape shape, float offset = 0f)
    {
        var t = new Tensor(shape);
        var s = t.Span;
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = ((i % 2 == 0 ? 1 : -1) * (i + 0.5f)) + offset;
        }

        return t;
    }
}
