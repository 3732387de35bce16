using OneBatch.Autodiff;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Autodiff;

/// <summary>Every op's backward rule against finite differences.</summary>
public sealed class OpGradientTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 4, 5)]
    [InlineData(7, 17, 9)]
    [InlineData(5, 33, 2)]
    public void MatMul(int m, int k, int n)
    {
        var a = Uniform(1, new Shape(m, k));
        var b = Uniform(2, new Shape(k, n));
        AssertGradients(x => Ops.MatMul(x[0], x[1]), [a, b]);
    }

    [Fact]
    public void MatMulOfATensorWithItself()
    {
        var a = Uniform(3, new Shape(4, 4));
        AssertGradients(x => Ops.MatMul(x[0], x[0]), [a]);
    }

    public static TheoryData<string, int[], int[]> BroadcastCases()
    {
        var data = new TheoryData<string, int[], int[]>();
        foreach (string op in new[] { "add", "subtract", "multiply", "divide" })
        {
            data.Add(op, [3, 4], [3, 4]);   // same shape
            data.Add(op, [3, 4], [4]);      // bias [c] over [n, c]
            data.Add(op, [3, 4], []);       // scalar
            data.Add(op, [3, 4], [1]);      // one-element vector
            data.Add(op, [3, 4], [3, 1]);   // per-row [n, 1] over [n, c]
            data.Add(op, [4], [3, 4]);      // the small operand on the left: [c] op [n, c]
            data.Add(op, [], [3, 4]);       // scalar op tensor
            data.Add(op, [3, 1], [3, 4]);   // [n, 1] op [n, c]
            data.Add(op, [2, 3, 4], [4]);   // bias over rank 3
            data.Add(op, [2, 3, 4], [3, 4]);
            data.Add(op, [3, 4], [2, 3, 4]);
            data.Add(op, [2, 3, 4], [3, 1]);   // per-row over rank 3: repeated inside and across blocks
            data.Add(op, [2, 3, 1], [2, 3, 4]);
            data.Add(op, [1, 4], [4]);      // equal sizes, different ranks
            data.Add(op, [4], [1, 4]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BroadcastCases))]
    public void BinaryOpWithBroadcasting(string op, int[] aShape, int[] bShape)
    {
        // b stays away from 0 so that a / b is smooth.
        var a = Away(4, new Shape(aShape), 0.3f, 1.5f);
        var b = Away(5, new Shape(bShape), 0.5f, 1.5f);
        AssertGradients(x => Apply(op, x[0], x[1]), [a, b]);
    }

    [Theory]
    [InlineData("add", new[] { 3, 4 }, new[] { 4 }, new[] { 3, 4 })]
    [InlineData("subtract", new[] { 4 }, new[] { 3, 4 }, new[] { 3, 4 })]
    [InlineData("multiply", new int[0], new[] { 3, 4 }, new[] { 3, 4 })]
    [InlineData("divide", new[] { 3, 1 }, new[] { 3, 4 }, new[] { 3, 4 })]
    [InlineData("add", new[] { 1, 4 }, new[] { 4 }, new[] { 1, 4 })]
    [InlineData("add", new[] { 4 }, new[] { 1, 4 }, new[] { 1, 4 })]
    [InlineData("multiply", new int[0], new[] { 1 }, new[] { 1 })]
    public void BinaryOpOutputHasTheBroadcastShape(string op, int[] aShape, int[] bShape, int[] expected)
    {
        var y = Apply(op, Tensor.Full(new Shape(aShape), 2f), Tensor.Full(new Shape(bShape), 4f));
        Assert.Equal(new Shape(expected), y.Shape);
    }

    [Theory]
    [MemberData(nameof(BroadcastCases))]
    public void BinaryOpAddsIntoAnExistingGradient(string op, int[] aShape, int[] bShape)
    {
        // The scaled copies of a and b are recorded last, so their rules run first and create the gradients; the
        // binary op's rule must then add to them (the accumulate path), for the full and the broadcast operand alike.
        var a = Away(4, new Shape(aShape), 0.3f, 1.5f);
        var b = Away(5, new Shape(bShape), 0.5f, 1.5f);
        AssertGradients(
            x =>
            {
                var y = Apply(op, x[0], x[1]);
                var side = Ops.Add(Ops.Sum(Ops.Scale(x[0], 0.5f)), Ops.Sum(Ops.Scale(x[1], -0.25f)));
                return Ops.Add(y, side);
            },
            [a, b]);
    }

    public static TheoryData<string> AllSingleInputOps() =>
        new(["relu", "sigmoid", "tanh", "exp", "log", "square", "sqrt", "abs", "negate", "softplus", "scale", "clip",
             "softmax", "log_softmax", "sum", "mean", "sum_last", "mean_last_keep", "reshape", "matmul_left", "matmul_right"]);

    [Theory]
    [MemberData(nameof(AllSingleInputOps))]
    public void EveryRuleAddsIntoAnExistingGradient(string op)
    {
        // Positive inputs in [0.3, 1.5): inside the domain of log and sqrt, off the kinks of relu and abs, and
        // inside the clip range [0.1, 2].
        var x = Away(18, new Shape(3, 3), 0.3f, 1.5f, signed: false);
        var w = Uniform(19, new Shape(3, 3));
        Tensor F(Tensor t) => op switch
        {
            "scale" => Ops.Scale(t, -1.5f, 0.5f),
            "clip" => Ops.Clip(t, 0.1f, 2f),
            "softmax" => Ops.Softmax(t),
            "log_softmax" => Ops.LogSoftmax(t),
            "sum" => Ops.Sum(t),
            "mean" => Ops.Mean(t),
            "sum_last" => Ops.Sum(t, -1),
            "mean_last_keep" => Ops.Mean(t, -1, keepDims: true),
            "reshape" => Ops.Reshape(t, new Shape(9)),
            "matmul_left" => Ops.MatMul(t, w),
            "matmul_right" => Ops.MatMul(w, t),
            _ => Unary(op, t),
        };

        // F is recorded first and the scaled copy last, so F's rule runs second and must add to x's gradient.
        AssertGradients(t => Ops.Add(Ops.Sum(Ops.Square(F(t[0]))), Ops.Sum(Ops.Scale(t[0], 0.5f))), [x]);

        // And in the other order, F's rule runs first and must overwrite a reused buffer, whatever it held.
        AssertGradients(t => Ops.Add(Ops.Sum(Ops.Scale(t[0], 0.5f)), Ops.Sum(Ops.Square(F(t[0])))), [x]);
    }

    [Fact]
    public void BinaryOpValuesKeepTheOperandOrder()
    {
        // [c] - [n, c] and [c] / [n, c]: the small operand is on the left, so the result is small - full, small / full.
        var small = Tensor.FromArray([1f, 2f], 2);
        var full = Tensor.FromArray([4f, 8f, 16f, 32f], 2, 2);
        Assert.Equal([-3f, -6f, -15f, -30f], Ops.Subtract(small, full).ToArray());
        Assert.Equal([0.25f, 0.25f, 1f / 16, 2f / 32], Ops.Divide(small, full).ToArray());
        var scalar = Tensor.Scalar(2f);
        Assert.Equal([-2f, -6f, -14f, -30f], Ops.Subtract(scalar, full).ToArray());
        var column = Tensor.FromArray([1f, 2f], 2, 1);
        Assert.Equal([0.25f, 0.125f, 2f / 16, 2f / 32], Ops.Divide(column, full).ToArray());
    }

    [Fact]
    public void ShapesThatDoNotBroadcastThrow()
    {
        var e = Assert.Throws<ArgumentException>(() => Ops.Add(Tensor.Zeros(3, 4), Tensor.Zeros(3)));
        Assert.Contains("[3, 4]", e.Message);
        Assert.Contains("[3]", e.Message);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("exp")]
    [InlineData("square")]
    [InlineData("abs")]
    [InlineData("negate")]
    [InlineData("softplus")]
    public void UnaryOpOnSignedInput(string op)
    {
        // Magnitudes in [0.1, 2): no input sits on the kink of relu or abs.
        var x = Away(6, new Shape(4, 5), 0.1f, 2f);
        AssertGradients(t => Unary(op, t[0]), [x]);
    }

    [Theory]
    [InlineData("log")]
    [InlineData("sqrt")]
    public void UnaryOpOnPositiveInput(string op)
    {
        var x = Away(7, new Shape(4, 5), 0.3f, 3f, signed: false);
        AssertGradients(t => Unary(op, t[0]), [x]);
    }

    [Fact]
    public void SoftplusFarOutOnBothTails()
    {
        var x = Tensor.FromArray([-30f, -12f, -3f, 3f, 12f, 30f], 6);
        AssertGradients(t => Ops.Softplus(t[0]), [x]);
    }

    [Fact]
    public void Scale()
    {
        var x = Uniform(8, new Shape(3, 5));
        AssertGradients(t => Ops.Scale(t[0], -2.5f, 0.75f), [x]);
        AssertGradients(t => Ops.Scale(t[0], 3f), [x]);
    }

    [Fact]
    public void Clip()
    {
        // Values inside, below and above [-0.5, 0.6], none within 0.05 of a bound.
        var x = Tensor.FromArray([-1.2f, -0.8f, -0.3f, 0f, 0.2f, 0.45f, 0.8f, 1.5f], 2, 4);
        AssertGradients(t => Ops.Clip(t[0], -0.5f, 0.6f), [x]);
        var g = Analytic(t => Ops.Clip(t[0], -0.5f, 0.6f), [x], 1, out var w);
        Assert.Equal(0f, g[0]![0]);
        Assert.Equal(w[1, 0], g[0]![4]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void Softmax(int classes)
    {
        var x = Uniform(9, new Shape(4, classes), -2f, 2f);
        AssertGradients(t => Ops.Softmax(t[0]), [x]);
    }

    [Fact]
    public void SoftmaxRank3()
    {
        var x = Uniform(10, new Shape(2, 3, 5), -2f, 2f);
        AssertGradients(t => Ops.Softmax(t[0]), [x]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void LogSoftmax(int classes)
    {
        var x = Uniform(11, new Shape(4, classes), -3f, 3f);
        AssertGradients(t => Ops.LogSoftmax(t[0]), [x]);
    }

    [Fact]
    public void LogSoftmaxOfLargeLogitsStaysFinite()
    {
        var x = Tensor.FromArray([1000f, 0f, -1000f], 1, 3);
        var y = Ops.LogSoftmax(x).ToArray();
        Assert.Equal(0f, y[0], 1e-6f);
        Assert.Equal(-1000f, y[1], 1e-3f);
        Assert.Equal(-2000f, y[2], 1e-3f);
    }

    [Fact]
    public void LogSoftmaxKeepsSmallLogProbabilitiesAccurateNextToLargeLogits()
    {
        // log_softmax([1000, 988])[0] = -log(1 + e^-12) = -6.144e-6. Computed as x - (max + log(sum)), the sum
        // 1000 + 6.1e-6 rounds to 1000 in float32 (spacing 6e-5) and the result is 0, whatever the logits' gap. As
        // (x - max) - log(sum), as TensorFlow and JAX do, the error is that of log(sum) near 1: about 1e-7.
        var y = Ops.LogSoftmax(Tensor.FromArray([1000f, 988f], 1, 2)).ToArray();
        double expected0 = -Math.Log(1 + Math.Exp(-12));
        Assert.Equal(expected0, y[0], 2e-7);
        Assert.Equal(-12 + expected0, y[1], 1e-5);
        float loss = new OneBatch.Losses.CategoricalCrossentropy(fromLogits: true)
            .Call(Tensor.FromArray([1f, 0f], 1, 2), Tensor.FromArray([1000f, 988f], 1, 2)).ToScalar();
        Assert.Equal(-expected0, loss, 2e-7);
    }

    [Fact]
    public void SumAndMeanOfAll()
    {
        var x = Uniform(12, new Shape(3, 4));
        AssertGradients(t => Ops.Sum(t[0]), [x]);
        AssertGradients(t => Ops.Mean(t[0]), [x]);
        Assert.Equal(Shape.Scalar, Ops.Sum(x).Shape);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(-1, true)]
    [InlineData(2, false)]
    [InlineData(2, true)]
    public void SumAndMeanOverTheLastAxis(int axis, bool keepDims)
    {
        var x = Uniform(13, new Shape(2, 3, 4));
        var expected = keepDims ? new Shape(2, 3, 1) : new Shape(2, 3);
        Assert.Equal(expected, Ops.Sum(x, axis, keepDims).Shape);
        Assert.Equal(expected, Ops.Mean(x, axis, keepDims).Shape);
        AssertGradients(t => Ops.Sum(t[0], axis, keepDims), [x]);
        AssertGradients(t => Ops.Mean(t[0], axis, keepDims), [x]);
    }

    [Fact]
    public void SumAndMeanValues()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        Assert.Equal([6f, 15f], Ops.Sum(x, -1).ToArray());
        Assert.Equal([2f, 5f], Ops.Mean(x, -1).ToArray());
        Assert.Equal(21f, Ops.Sum(x).ToScalar());
        Assert.Equal(3.5f, Ops.Mean(x).ToScalar());
    }

    [Fact]
    public void ReductionOverAnAxisOutOfRangeIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Mean(Tensor.Zeros(2, 3), 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Sum(Tensor.Zeros(2, 3), -3));
    }

    [Fact]
    public void Reshape()
    {
        var x = Uniform(14, new Shape(2, 6));
        // Square after the reshape makes the gradient depend on which element went where.
        AssertGradients(t => Ops.Square(Ops.Reshape(t[0], new Shape(3, 4))), [x]);
        AssertGradients(t => Ops.Multiply(Ops.Reshape(t[0], new Shape(3, 4)), Ops.Reshape(t[0], new Shape(3, 4))), [x]);
        Assert.Throws<ArgumentException>(() => Ops.Reshape(x, new Shape(5)));
    }

    [Fact]
    public void AComposition()
    {
        // z = x @ w:  tanh(z + b) * sigmoid(z) / (exp(-z)^2 + 1) - log_softmax(mean over an axis of 1 of reshape(z)):
        // many rules chained, z feeding several of them.
        var x = Uniform(15, new Shape(3, 4));
        var w = Uniform(16, new Shape(4, 5));
        var b = Uniform(17, new Shape(5));
        AssertGradients(
            t =>
            {
                var z = Ops.MatMul(t[0], t[1]);
                var h = Ops.Multiply(Ops.Tanh(Ops.Add(z, t[2])), Ops.Sigmoid(z));
                var d = Ops.Divide(h, Ops.Scale(Ops.Square(Ops.Exp(Ops.Negate(z))), 1f, 1f));
                return Ops.Subtract(d, Ops.LogSoftmax(Ops.Mean(Ops.Reshape(z, new Shape(3, 5, 1)), -1)));
            },
            [x, w, b]);
    }

    private static Tensor Apply(string op, Tensor a, Tensor b) => op switch
    {
        "add" => Ops.Add(a, b),
        "subtract" => Ops.Subtract(a, b),
        "multiply" => Ops.Multiply(a, b),
        "divide" => Ops.Divide(a, b),
        _ => throw new ArgumentException(op),
    };

    private static Tensor Unary(string op, Tensor x) => op switch
    {
        "relu" => Ops.Relu(x),
        "sigmoid" => Ops.Sigmoid(x),
        "tanh" => Ops.Tanh(x),
        "exp" => Ops.Exp(x),
        "log" => Ops.Log(x),
        "square" => Ops.Square(x),
        "sqrt" => Ops.Sqrt(x),
        "abs" => Ops.Abs(x),
        "negate" => Ops.Negate(x),
        "softplus" => Ops.Softplus(x),
        _ => throw new ArgumentException(op),
    };
}
