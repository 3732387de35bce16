using OneBatch.Autodiff;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Autodiff;

/// <summary>Concatenate: gradients, values against a scalar computation, the accumulate path, bad shapes.</summary>
public sealed class ConcatenateTests
{
    // Shapes of 2 to 5 inputs that differ only along the axis (given as a non-negative index; tests also use it negated).
    public static TheoryData<int[][], int> ConcatenateCases()
    {
        var data = new TheoryData<int[][], int>
        {
            { [[3], [1], [4]], 0 },
            { [[2, 3], [2, 1]], 1 },
            { [[2, 3], [5, 3], [1, 3]], 0 },
            { [[2, 3, 4], [2, 1, 4], [2, 5, 4], [2, 2, 4]], 1 },
            { [[2, 3, 1], [2, 3, 2], [2, 3, 3], [2, 3, 1], [2, 3, 5]], 2 },
            { [[1, 3, 4], [2, 3, 4]], 0 },
            { [[2, 1, 3, 2], [2, 1, 3, 3]], 3 },
            { [[2, 3, 1, 2], [2, 3, 4, 2], [2, 3, 1, 2]], 2 },
            { [[3, 2, 1, 2], [3, 2, 2, 2]], 2 },
            { [[1, 2, 3, 2], [1, 1, 3, 2], [1, 4, 3, 2]], 1 },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(ConcatenateCases))]
    public void ConcatenateGradients(int[][] shapes, int axis)
    {
        var inputs = shapes.Select((s, i) => Uniform(50 + i, new Shape(s))).ToArray();
        AssertGradients(x => Ops.Concatenate(x, axis), inputs);
        AssertGradients(x => Ops.Concatenate(x, axis - shapes[0].Length), inputs);
    }

    [Theory]
    [MemberData(nameof(ConcatenateCases))]
    public void ConcatenateValues(int[][] shapes, int axis)
    {
        var inputs = shapes.Select((s, i) => Naive.Distinct(new Shape(s), 100 * i)).ToArray();
        AssertConcatenation(inputs, axis, Ops.Concatenate(inputs, axis));
        AssertConcatenation(inputs, axis, Ops.Concatenate(inputs, axis - shapes[0].Length));
    }

    [Theory]
    [InlineData(new[] { 0, 3 }, new[] { 2, 3 }, 0)]
    [InlineData(new[] { 2, 0 }, new[] { 2, 3 }, 1)]
    [InlineData(new[] { 0, 3 }, new[] { 0, 5 }, 1)]
    [InlineData(new[] { 2, 0, 3 }, new[] { 2, 0, 3 }, 2)]
    [InlineData(new[] { 1, 7 }, new[] { 1, 9 }, -1)]
    [InlineData(new[] { 13, 7 }, new[] { 13, 1 }, -1)]
    [InlineData(new[] { 3, 5, 7 }, new[] { 3, 11, 7 }, 1)]
    public void ConcatenateValuesAcrossSizes(int[] a, int[] b, int axis)
    {
        Tensor[] inputs = [Naive.Distinct(new Shape(a)), Naive.Distinct(new Shape(b), 1000f)];
        AssertConcatenation(inputs, axis < 0 ? axis + a.Length : axis, Ops.Concatenate(inputs, axis));
        AssertConcatenation([inputs[0]], axis < 0 ? axis + a.Length : axis, Ops.Concatenate([inputs[0]], axis));
    }

    [Fact]
    public void ATensorConcatenatedWithItselfGetsBothSlices()
    {
        var x = Uniform(60, new Shape(2, 3));
        var y = Uniform(61, new Shape(2, 2));
        AssertGradients(t => Ops.Concatenate([t[0], t[0]], 1), [x]);
        AssertGradients(t => Ops.Concatenate([t[0], t[1], t[0]], -1), [x, y]);

        // Each element appears twice, so d sum(concat([x, x])) / dx = 2.
        using var tape = new GradientTape();
        var loss = Ops.Sum(Ops.Concatenate([x, x], 0));
        Assert.All(tape.Gradient(loss, x)!.ToArray(), v => Assert.Equal(2f, v));
    }

    [Fact]
    public void ConcatenateAddsIntoAnExistingGradient()
    {
        var x = Uniform(62, new Shape(3, 2));
        var y = Uniform(63, new Shape(3, 4));
        AssertGradients(
            t => Ops.Add(Ops.Square(Ops.Concatenate([t[0], t[1]], 1)), Ops.Sum(Ops.Scale(t[0], 0.5f))),
            [x, y]);
        AssertGradients(
            t => Ops.Add(Ops.Sum(Ops.Scale(t[0], 0.5f)), Ops.Square(Ops.Concatenate([t[1], t[0]], 1))),
            [x, y]);
    }

    [Fact]
    public void ConcatenateRefusesBadShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Concatenate([Tensor.Zeros(2, 3), Tensor.Zeros(3, 3)], 1));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[3, 3]", e.Message);
        Assert.Throws<ArgumentException>(() => Ops.Concatenate([Tensor.Zeros(2, 3), Tensor.Zeros(2, 3, 1)], 0));
        Assert.Throws<ArgumentException>(() => Ops.Concatenate([], 0));
        Assert.Throws<ArgumentException>(() => Ops.Concatenate([Tensor.Scalar(1f), Tensor.Scalar(2f)], 0));
        Assert.ThrowsAny<ArgumentException>(() => Ops.Concatenate([Tensor.Zeros(2, 3), Tensor.Zeros(2, 3)], 2));
        Assert.ThrowsAny<ArgumentException>(() => Ops.Concatenate([Tensor.Zeros(2, 3), Tensor.Zeros(2, 3)], -3));
    }

    private static void AssertConcatenation(Tensor[] inputs, int axis, Tensor y)
    {
        var dims = inputs[0].Shape.ToArray();
        dims[axis] = inputs.Sum(t => t.Shape[axis]);
        Assert.Equal(new Shape(dims), y.Shape);
        foreach (var index in Naive.Indices(y.Shape))
        {
            var source = (int[])index.Clone();
            int i = 0;
            while (source[axis] >= inputs[i].Shape[axis])
            {
                source[axis] -= inputs[i].Shape[axis];
                i++;
            }

            Assert.Equal(inputs[i].ReadOnlySpan[Naive.Offset(inputs[i].Shape, source)], y.ReadOnlySpan[Naive.Offset(y.Shape, index)]);
        }
    }
}
