using OneBatch.Autodiff;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Autodiff;

/// <summary>Stack: gradients, values against a scalar computation, the accumulate path, bad shapes.</summary>
public sealed class StackTests
{
    public static TheoryData<int[], int, int> StackCases()
    {
        var data = new TheoryData<int[], int, int>();
        int[][] shapes = [[], [3], [1], [2, 3], [3, 1], [2, 1, 3], [2, 3, 1, 2]];
        foreach (var shape in shapes)
        {
            for (int axis = -(shape.Length + 1); axis <= shape.Length; axis++)
            {
                data.Add(shape, axis, 2 + ((axis + shape.Length + 1) % 4));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StackCases))]
    public void StackGradients(int[] shape, int axis, int count)
    {
        var inputs = Enumerable.Range(0, count).Select(i => Uniform(70 + i, new Shape(shape))).ToArray();
        AssertGradients(x => Ops.Stack(x, axis), inputs);
    }

    [Theory]
    [MemberData(nameof(StackCases))]
    public void StackValues(int[] shape, int axis, int count)
    {
        var inputs = Enumerable.Range(0, count).Select(i => Naive.Distinct(new Shape(shape), 100 * i)).ToArray();
        AssertStack(inputs, axis, Ops.Stack(inputs, axis));
    }

    [Theory]
    [InlineData(new[] { 0 }, 0)]
    [InlineData(new[] { 2, 0 }, 1)]
    [InlineData(new[] { 0, 3 }, -1)]
    [InlineData(new[] { 7, 9 }, 1)]
    [InlineData(new[] { 13 }, -1)]
    public void StackValuesAcrossSizes(int[] shape, int axis)
    {
        Tensor[] inputs = [Naive.Distinct(new Shape(shape)), Naive.Distinct(new Shape(shape), 1000f), Naive.Distinct(new Shape(shape), 2000f)];
        AssertStack(inputs, axis, Ops.Stack(inputs, axis));
        AssertStack([inputs[0]], axis, Ops.Stack([inputs[0]], axis));
    }

    [Fact]
    public void ATensorStackedWithItselfGetsBothSlices()
    {
        var x = Uniform(80, new Shape(2, 3));
        var y = Uniform(81, new Shape(2, 3));
        AssertGradients(t => Ops.Stack([t[0], t[0]], 1), [x]);
        AssertGradients(t => Ops.Stack([t[0], t[1], t[0]], 0), [x, y]);
        AssertGradients(t => Ops.Add(Ops.Square(Ops.Stack([t[0], t[1]], -1)), Ops.Sum(Ops.Scale(t[1], 0.5f))), [x, y]);
        AssertGradients(t => Ops.Add(Ops.Sum(Ops.Scale(t[1], 0.5f)), Ops.Square(Ops.Stack([t[0], t[1]], -1))), [x, y]);
    }

    [Fact]
    public void StackRefusesBadShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Stack([Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)], 0));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[3, 2]", e.Message);
        Assert.Throws<ArgumentException>(() => Ops.Stack([], 0));
        Assert.Throws<ArgumentException>(() => Ops.Stack([Tensor.Zeros(1, 1, 1, 1, 1, 1)], 0));
        Assert.ThrowsAny<ArgumentException>(() => Ops.Stack([Tensor.Zeros(2, 3)], 3));
        Assert.ThrowsAny<ArgumentException>(() => Ops.Stack([Tensor.Zeros(2, 3)], -4));
    }


    private static void AssertStack(Tensor[] inputs, int axis, Tensor y)
    {
        var shape = inputs[0].Shape;
        int a = axis < 0 ? axis + shape.Rank + 1 : axis;
        var dims = shape.ToArray().ToList();
        dims.Insert(a, inputs.Length);
        Assert.Equal(new Shape(dims.ToArray()), y.Shape);
        foreach (var index in Naive.Indices(y.Shape))
        {
            var source = index.Where((_, k) => k != a).ToArray();
            Assert.Equal(inputs[index[a]].ReadOnlySpan[Naive.Offset(shape, source)], y.ReadOnlySpan[Naive.Offset(y.Shape, index)]);
        }
    }
}
