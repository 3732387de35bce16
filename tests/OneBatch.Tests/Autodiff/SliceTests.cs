using OneBatch.Autodiff;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Autodiff;

/// <summary>Slice: gradients, values against a scalar computation, the accumulate path, bad ranges.</summary>
public sealed class SliceTests
{
    public static TheoryData<int[], int, int, int> SliceCases()
    {
        var data = new TheoryData<int[], int, int, int>();
        int[][] shapes = [[5], [1], [3, 4], [2, 5, 3], [2, 3, 5, 2], [4, 1, 3]];
        foreach (var shape in shapes)
        {
            for (int axis = -shape.Length; axis < shape.Length; axis++)
            {
                int size = shape[axis < 0 ? axis + shape.Length : axis];
                data.Add(shape, axis, 0, size);                 // all of it
                if (size > 1)
                {
                    data.Add(shape, axis, size - 1, 1);         // the last entry
                }

                if (size > 2)
                {
                    data.Add(shape, axis, 1, size - 2);         // an inner range
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SliceCases))]
    public void SliceGradients(int[] shape, int axis, int start, int length)
    {
        var x = Uniform(90, new Shape(shape));
        AssertGradients(t => Ops.Slice(t[0], axis, start, length), [x]);
        AssertGradients(t => Ops.Add(Ops.Square(Ops.Slice(t[0], axis, start, length)), Ops.Sum(Ops.Scale(t[0], 0.5f))), [x]);
        AssertGradients(t => Ops.Add(Ops.Sum(Ops.Scale(t[0], 0.5f)), Ops.Square(Ops.Slice(t[0], axis, start, length))), [x]);
    }

    [Theory]
    [MemberData(nameof(SliceCases))]
    [InlineData(new[] { 0, 3 }, 1, 1, 2)]
    [InlineData(new[] { 2, 0 }, 0, 1, 1)]
    [InlineData(new[] { 3, 4 }, 1, 2, 0)]
    [InlineData(new[] { 3, 0, 2 }, 1, 0, 0)]
    [InlineData(new[] { 7, 33, 3 }, 1, 5, 17)]
    public void SliceValues(int[] shape, int axis, int start, int length)
    {
        var x = Naive.Distinct(new Shape(shape));
        var y = Ops.Slice(x, axis, start, length);
        int a = axis < 0 ? axis + shape.Length : axis;
        var expectedDims = (int[])shape.Clone();
        expectedDims[a] = length;
        Assert.Equal(new Shape(expectedDims), y.Shape);
        foreach (var index in Naive.Indices(y.Shape))
        {
            var source = (int[])index.Clone();
            source[a] += start;
            Assert.Equal(x.ReadOnlySpan[Naive.Offset(x.Shape, source)], y.ReadOnlySpan[Naive.Offset(y.Shape, index)]);
        }
    }

    [Fact]
    public void SlicesThatShareAnInputAddUp()
    {
        // Two overlapping slices of one tensor: the overlap gets both gradients, the rest one or none.
        var x = Uniform(91, new Shape(2, 6));
        AssertGradients(t => Ops.Concatenate([Ops.Slice(t[0], 1, 0, 4), Ops.Slice(t[0], -1, 2, 3)], 1), [x]);
        using var tape = new GradientTape();
        var loss = Ops.Add(Ops.Sum(Ops.Slice(x, 1, 0, 4)), Ops.Sum(Ops.Slice(x, 1, 2, 3)));
        Assert.Equal([1f, 1f, 2f, 2f, 1f, 0f, 1f, 1f, 2f, 2f, 1f, 0f], tape.Gradient(loss, x)!.ToArray());
    }

    [Fact]
    public void SliceRefusesBadRanges()
    {
        var x = Tensor.Zeros(2, 5);
        var e = Assert.Throws<ArgumentException>(() => Ops.Slice(x, 1, 3, 3));
        Assert.Contains("[2, 5]", e.Message);
        Assert.Throws<ArgumentException>(() => Ops.Slice(x, 1, -1, 2));
        Assert.Throws<ArgumentException>(() => Ops.Slice(x, 0, 0, -1));
        Assert.Throws<ArgumentException>(() => Ops.Slice(x, 0, 3, 0));
        Assert.Throws<ArgumentException>(() => Ops.Slice(Tensor.Scalar(1f), 0, 0, 1));
        Assert.ThrowsAny<ArgumentException>(() => Ops.Slice(x, 2, 0, 1));
    }
}
