using OneBatch.Autodiff;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Autodiff;

/// <summary>Sum and Mean over any axis, against finite differences and a scalar computation.</summary>
public sealed class ReductionTests
{
    public static TheoryData<int[], int, bool> Cases()
    {
        var data = new TheoryData<int[], int, bool>();
        int[][] shapes = [[5], [1], [3, 4], [4, 1], [1, 5], [2, 3, 5], [3, 1, 2], [2, 3, 1, 5], [1, 2, 1, 3]];
        foreach (var shape in shapes)
        {
            for (int axis = -shape.Length; axis < shape.Length; axis++)
            {
                data.Add(shape, axis, false);
                data.Add(shape, axis, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients(int[] dims, int axis, bool keepDims)
    {
        var x = Uniform(40, new Shape(dims));
        AssertGradients(t => Ops.Sum(t[0], axis, keepDims), [x]);
        AssertGradients(t => Ops.Mean(t[0], axis, keepDims), [x]);

        // Square after the reduction makes each output's gradient differ; the scaled copy makes the rule add into
        // an existing gradient (recorded last, it runs first) and then overwrite a reused one (recorded first).
        AssertGradients(t => Ops.Add(Ops.Square(Ops.Sum(t[0], axis, keepDims)), Ops.Sum(Ops.Scale(t[0], 0.5f))), [x]);
        AssertGradients(t => Ops.Add(Ops.Sum(Ops.Scale(t[0], 0.5f)), Ops.Square(Ops.Mean(t[0], axis, keepDims))), [x]);
    }

    public static TheoryData<int[], int> ValueCases()
    {
        var data = new TheoryData<int[], int>();
        int[][] shapes = [[0], [7], [3, 0], [0, 3], [2, 0, 3], [1, 1], [9, 17], [3, 5, 7], [2, 33, 3], [2, 3, 5, 7], [3, 1, 19, 2]];
        foreach (var shape in shapes)
        {
            for (int axis = -shape.Length; axis < shape.Length; axis++)
            {
                data.Add(shape, axis);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValueCases))]
    public void ValuesMatchAScalarComputation(int[] dims, int axis)
    {
        var shape = new Shape(dims);
        var x = Uniform(41, shape);
        int a = axis < 0 ? axis + dims.Length : axis;
        var keptDims = (int[])dims.Clone();
        keptDims[a] = 1;
        var kept = new Shape(keptDims);
        var dropped = new Shape(dims.Where((_, i) => i != a).ToArray());

        foreach (bool mean in new[] { false, true })
        {
            foreach (bool keepDims in new[] { false, true })
            {
                var y = mean ? Ops.Mean(x, axis, keepDims) : Ops.Sum(x, axis, keepDims);
                Assert.Equal(keepDims ? kept : dropped, y.Shape);
                var ys = y.ReadOnlySpan;
                foreach (var index in Naive.Indices(kept))
                {
                    double sum = 0;
                    var source = (int[])index.Clone();
                    for (int j = 0; j < dims[a]; j++)
                    {
                        source[a] = j;
                        sum += x.ReadOnlySpan[Naive.Offset(shape, source)];
                    }

                    double expected = mean ? sum / dims[a] : sum;
                    float actual = ys[Naive.Offset(kept, index)];
                    if (double.IsNaN(expected))
                    {
                        Assert.True(float.IsNaN(actual), $"the mean over an empty axis is NaN; got {actual}");
                    }
                    else
                    {
                        Assert.Equal(expected, actual, 1e-5);
                    }
                }
            }
        }
    }

    [Fact]
    public void TheMeanOverAMiddleAxis()
    {
        // x [2, 3, 2]: the mean over axis 1 of each [3, 2] block.
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], 2, 3, 2);
        Assert.Equal([3f, 4f, 9f, 10f], Ops.Mean(x, 1).ToArray());
        Assert.Equal([8f, 10f, 12f, 14f, 16f, 18f], Ops.Sum(x, 0).ToArray());
        Assert.Equal(new Shape(1, 3, 2), Ops.Sum(x, -3, keepDims: true).Shape);
    }

    [Fact]
    public void AReductionOfAnEmptyTensorStillGivesItAGradient()
    {
        var x = new Tensor(new Shape(2, 0, 3));
        foreach (int axis in new[] { 0, 1, 2 })
        {
            using var tape = new GradientTape();
            var loss = Ops.Sum(Ops.Sum(x, axis));
            var g = tape.Gradient(loss, [new Variable(x, "x")])[0];
            Assert.NotNull(g);
            Assert.Equal(x.Shape, g.Shape);
        }
    }
}
