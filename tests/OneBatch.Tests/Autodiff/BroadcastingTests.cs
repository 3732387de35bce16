using OneBatch.Autodiff;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Autodiff;

/// <summary>NumPy broadcasting in every binary op (add, subtract, multiply, divide, maximum, minimum), both operands included.</summary>
public sealed class BroadcastingTests
{
    private static readonly string[] AllOps = ["add", "subtract", "multiply", "divide", "maximum", "minimum"];

    // Pairs outside the contiguous pattern (both operands repeat, or the repeated axes of one are not contiguous), and a
    // few inside it for comparison.
    private static readonly (int[] A, int[] B)[] Pairs =
    [
        ([2, 1, 1, 3], [2, 4, 5, 3]),      // squeeze-excitation: a per-channel scale over an image
        ([2, 4, 5, 3], [2, 1, 1, 3]),
        ([2, 1, 3], [1, 4, 3]),            // both operands broadcast
        ([2, 1, 4], [3, 1]),
        ([3, 1], [2, 1, 4]),
        ([1, 3], [2, 1]),
        ([5], [3, 1]),
        ([3, 4], [1, 1, 4]),               // the repeated operand has the higher rank
        ([2, 3, 1, 5], [3, 4, 1]),
        ([2, 1, 3, 1], [1, 4, 1, 5]),
        ([1, 5, 1], [2, 1, 3]),
        ([2, 1, 3, 1, 2], [1, 4, 1, 5, 1]),
        ([1], [1, 1, 1]),
        ([3, 1, 1], [3, 1, 2]),
        ([2, 3, 4], [3, 1]),
        ([2, 1, 5], [2, 1, 5]),            // the same shape with a 1 between other axes
    ];

    public static TheoryData<string, int[], int[]> Cases()
    {
        var data = new TheoryData<string, int[], int[]>();
        foreach (string op in AllOps)
        {
            foreach (var (a, b) in Pairs)
            {
                data.Add(op, a, b);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients(string op, int[] aShape, int[] bShape)
    {
        var (a, b) = Operands(op, aShape, bShape);
        AssertGradients(x => Apply(op, x[0], x[1]), [a, b]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientsAddIntoExistingOnes(string op, int[] aShape, int[] bShape)
    {
        var (a, b) = Operands(op, aShape, bShape);

        // The scaled copies recorded last run first, so the binary op's rule must add into their gradients...
        AssertGradients(
            x => Ops.Add(Apply(op, x[0], x[1]), Ops.Add(Ops.Sum(Ops.Scale(x[0], 0.5f)), Ops.Sum(Ops.Scale(x[1], -0.25f)))),
            [a, b]);

        // ...and recorded first, they run last, so the binary op's rule must overwrite whatever the reused buffers held.
        AssertGradients(
            x =>
            {
                var side = Ops.Add(Ops.Sum(Ops.Scale(x[0], 0.5f)), Ops.Sum(Ops.Scale(x[1], -0.25f)));
                return Ops.Add(side, Apply(op, x[0], x[1]));
            },
            [a, b]);
    }

    [Theory]
    [InlineData(new[] { 2, 1, 3 }, new[] { 1, 4, 3 }, new[] { 2, 4, 3 })]
    [InlineData(new[] { 2, 1, 4 }, new[] { 3, 1 }, new[] { 2, 3, 4 })]
    [InlineData(new[] { 3, 4 }, new[] { 1, 1, 4 }, new[] { 1, 3, 4 })]
    [InlineData(new[] { 1, 3 }, new[] { 2, 1 }, new[] { 2, 3 })]
    [InlineData(new[] { 2, 3, 1, 5 }, new[] { 3, 4, 1 }, new[] { 2, 3, 4, 5 })]
    [InlineData(new[] { 0, 1, 3 }, new[] { 1, 4, 3 }, new[] { 0, 4, 3 })]
    [InlineData(new[] { 2, 0, 1 }, new[] { 1, 5 }, new[] { 2, 0, 5 })]
    public void TheOutputHasTheBroadcastShapeOfBoth(int[] aShape, int[] bShape, int[] expected)
    {
        foreach (string op in AllOps)
        {
            Assert.Equal(new Shape(expected), Apply(op, new Tensor(new Shape(aShape)), new Tensor(new Shape(bShape))).Shape);
            Assert.Equal(new Shape(expected), Apply(op, new Tensor(new Shape(bShape)), new Tensor(new Shape(aShape))).Shape);
        }
    }

    public static TheoryData<int[], int[]> ValueCases()
    {
        var data = new TheoryData<int[], int[]>();
        foreach (var (a, b) in Pairs)
        {
            data.Add(a, b);
        }

        // The fast paths too, and empty outputs.
        data.Add([3, 4], [3, 4]);
        data.Add([3, 4], [4]);
        data.Add([], [3, 4]);
        data.Add([3, 1], [3, 5]);
        data.Add([1, 7], [7]);
        data.Add([0, 1, 3], [1, 4, 3]);
        data.Add([2, 0, 1], [1, 5]);
        data.Add([0], [1]);
        data.Add([0, 3], [3]);
        data.Add([17, 1, 9], [1, 33, 9]);
        data.Add([5, 1, 1, 19], [5, 3, 7, 19]);
        return data;
    }

    [Theory]
    [MemberData(nameof(ValueCases))]
    public void ValuesMatchAScalarComputation(int[] aShape, int[] bShape)
    {
        var a = Naive.Distinct(new Shape(aShape), 0.25f);
        var b = Naive.Distinct(new Shape(bShape), -0.125f);
        foreach (string op in AllOps)
        {
            foreach (bool swap in new[] { false, true })
            {
                var (x, y) = swap ? (b, a) : (a, b);
                var result = Apply(op, x, y);
                var shape = Broadcast(x.Shape, y.Shape);
                Assert.Equal(shape, result.Shape);
                var r = result.ReadOnlySpan;
                foreach (var index in Naive.Indices(shape))
                {
                    float expected = Scalar(op, Naive.Broadcast(x, index), Naive.Broadcast(y, index));
                    Assert.Equal(expected, r[Naive.Offset(shape, index)]);
                }
            }
        }
    }

    [Theory]
    [InlineData(new[] { 0, 1, 3 }, new[] { 1, 4, 3 })]
    [InlineData(new[] { 2, 0, 1 }, new[] { 1, 5 })]
    [InlineData(new[] { 0, 3 }, new[] { 3 })]
    public void AnOperandRepeatedOverAnEmptyOutputGetsAZeroGradient(int[] aShape, int[] bShape)
    {
        var a = new Tensor(new Shape(aShape));
        var b = Tensor.Full(new Shape(bShape), 2f);
        foreach (string op in AllOps)
        {
            using var tape = new GradientTape();
            var y = Apply(op, a, b);
            var grads = tape.Gradient(y, [new Variable(a, "a"), new Variable(b, "b")]);
            Assert.Equal(a.Shape, grads[0]!.Shape);
            Assert.Equal(b.Shape, grads[1]!.Shape);
            Assert.All(grads[1]!.ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 4, 3 })]
    [InlineData(new[] { 2, 1, 4 }, new[] { 3, 5 })]
    [InlineData(new[] { 0, 3 }, new[] { 2, 3 })]
    public void ShapesThatDoNotBroadcastThrow(int[] aShape, int[] bShape)
    {
        foreach (string op in AllOps)
        {
            var e = Assert.Throws<ArgumentException>(() => Apply(op, new Tensor(new Shape(aShape)), new Tensor(new Shape(bShape))));
            Assert.Contains(new Shape(aShape).ToString(), e.Message);
            Assert.Contains(new Shape(bShape).ToString(), e.Message);
        }
    }

    [Fact]
    public void MaximumAndMinimumGiveATieToTheFirstOperand()
    {
        var a = Tensor.FromArray([1f, 2f, 3f, 4f], 4);
        var b = Tensor.FromArray([1f, 5f, 3f, 0f], 4);
        var va = new Variable(a, "a");
        var vb = new Variable(b, "b");
        using (var tape = new GradientTape())
        {
            var grads = tape.Gradient(Ops.Sum(Ops.Maximum(a, b)), [va, vb]);
            Assert.Equal([1f, 0f, 1f, 1f], grads[0]!.ToArray());
            Assert.Equal([0f, 1f, 0f, 0f], grads[1]!.ToArray());
        }

        using (var tape = new GradientTape())
        {
            var grads = tape.Gradient(Ops.Sum(Ops.Minimum(a, b)), [va, vb]);
            Assert.Equal([1f, 1f, 1f, 0f], grads[0]!.ToArray());
            Assert.Equal([0f, 0f, 0f, 1f], grads[1]!.ToArray());
        }

        // The same tensor on both sides: every element ties, and the whole gradient reaches it once.
        using (var tape = new GradientTape())
        {
            Assert.Equal([1f, 1f, 1f, 1f], tape.Gradient(Ops.Sum(Ops.Maximum(a, a)), a)!.ToArray());
            Assert.Equal([1f, 1f, 1f, 1f], tape.Gradient(Ops.Sum(Ops.Minimum(a, a)), a)!.ToArray());
        }
    }

    [Fact]
    public void MaximumWithABroadcastScalarSumsItsGradient()
    {
        // relu written as maximum(x, 0): the scalar gets one for every element where it won.
        var x = Tensor.FromArray([-1f, 2f, -3f, 4f, 0f, -6f], 2, 3);
        var zero = Tensor.Scalar(0f);
        using var tape = new GradientTape();
        var y = Ops.Maximum(x, zero);
        Assert.Equal([0f, 2f, 0f, 4f, 0f, 0f], y.ToArray());
        var grads = tape.Gradient(Ops.Sum(y), [new Variable(x, "x"), new Variable(zero, "zero")]);
        Assert.Equal([0f, 1f, 0f, 1f, 1f, 0f], grads[0]!.ToArray());
        Assert.Equal(3f, grads[1]!.ToScalar());
    }

    [Fact]
    public void ATensorBroadcastAgainstItself()
    {
        // x [3, 1] against its own reshape [1, 3]: both operands repeat, and both paths lead to the same variable.
        var x = Away(30, new Shape(3, 1), 0.5f, 1.5f);
        AssertGradients(t => Ops.Multiply(t[0], Ops.Reshape(t[0], new Shape(1, 3))), [x]);
        AssertGradients(t => Ops.Divide(t[0], Ops.Reshape(t[0], new Shape(1, 3))), [x]);
    }

    private static (Tensor A, Tensor B) Operands(string op, int[] aShape, int[] bShape)
    {
        if (op is "maximum" or "minimum")
        {
            // Values k + 0.25 against k + 0.75: never within 0.5 of each other, far beyond the finite-difference step.
            return (Separated(20, new Shape(aShape), 0.25f), Separated(21, new Shape(bShape), 0.75f));
        }

        // b stays away from 0 so that a / b is smooth.
        return (Away(22, new Shape(aShape), 0.3f, 1.5f), Away(23, new Shape(bShape), 0.5f, 1.5f));
    }

    private static Tensor Separated(int seed, Shape shape, float phase)
    {
        var random = new RandomGenerator(seed);
        var t = new Tensor(shape);
        foreach (ref float v in t.Span)
        {
            v = MathF.Floor(random.NextFloat() * 6f) - 3f + phase;
        }

        return t;
    }

    private static Shape Broadcast(Shape a, Shape b)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i - (rank - a.Rank) >= 0 ? a[i - (rank - a.Rank)] : 1;
            int db = i - (rank - b.Rank) >= 0 ? b[i - (rank - b.Rank)] : 1;
            dims[i] = da == 1 ? db : da;
        }

        return new Shape(dims);
    }

    private static float Scalar(string op, float a, float b) => op switch
    {
        "add" => a + b,
        "subtract" => a - b,
        "multiply" => a * b,
        "divide" => a / b,
        "maximum" => MathF.Max(a, b),
        _ => MathF.Min(a, b),
    };

    private static Tensor Apply(string op, Tensor a, Tensor b) => op switch
    {
        "add" => Ops.Add(a, b),
        "subtract" => Ops.Subtract(a, b),
        "multiply" => Ops.Multiply(a, b),
        "divide" => Ops.Divide(a, b),
        "maximum" => Ops.Maximum(a, b),
        "minimum" => Ops.Minimum(a, b),
        _ => throw new ArgumentException(op),
    };
}
