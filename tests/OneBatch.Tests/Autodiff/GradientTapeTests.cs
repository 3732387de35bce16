using OneBatch.Autodiff;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Autodiff;

/// <summary>How the tape walks the record: accumulation, unreached sources, reuse, ops without a gradient.</summary>
public sealed class GradientTapeTests
{
    [Fact]
    public void TapesDisposedOutOfOrderStopRecording()
    {
        var x = Tensor.FromArray([1f, 2f], 2);
        var outer = new GradientTape();
        var inner = new GradientTape();
        outer.Dispose();
        inner.Dispose();

        Ops.Square(x);

        Assert.False(outer.IsRecording);
        Assert.False(inner.IsRecording);
        Assert.Equal(0, outer.RecordedOperations);
        Assert.Equal(0, inner.RecordedOperations);
    }

    [Fact]
    public void DisposingAnInnerTapeHandsRecordingBackToTheOuterOne()
    {
        var x = Tensor.FromArray([1f, 2f], 2);
        using var outer = new GradientTape();
        using (var inner = new GradientTape())
        {
            Ops.Square(x);
            Assert.Equal(1, inner.RecordedOperations);
        }

        Ops.Square(x);
        Assert.True(outer.IsRecording);
        Assert.Equal(1, outer.RecordedOperations);
    }

    [Fact]
    public void ATensorUsedTwiceGetsBothContributions()
    {
        var x = Uniform(1, new Shape(2, 3));
        AssertGradients(t => Ops.Multiply(t[0], t[0]), [x]);
        AssertGradients(t => Ops.Add(t[0], t[0]), [x]);
        AssertGradients(t => Ops.Subtract(Ops.Exp(t[0]), Ops.Scale(t[0], 3f)), [x]);

        // d/dx sum(x * x) = 2x and d/dx sum(x + x) = 2, exactly.
        using var tape = new GradientTape();
        var v = new Variable(x, "x");
        var square = Ops.Sum(Ops.Multiply(x, x));
        var twice = Ops.Sum(Ops.Add(x, x));
        var gSquare = tape.Gradient(square, [v])[0]!.ToArray();
        var gTwice = tape.Gradient(twice, [v])[0]!.ToArray();
        for (int i = 0; i < x.Size; i++)
        {
            Assert.Equal(2f * x.Span[i], gSquare[i]);
            Assert.Equal(2f, gTwice[i]);
        }
    }

    [Fact]
    public void ASourceWithNoPathToTheTargetGetsNull()
    {
        var x = Uniform(2, new Shape(2, 3));
        var unused = Uniform(3, new Shape(3));
        var sideBranch = Uniform(4, new Shape(3));
        using var tape = new GradientTape();
        var loss = Ops.Sum(Ops.Square(x));
        _ = Ops.Exp(sideBranch); // recorded, but leads nowhere near the loss
        var grads = tape.Gradient(loss, [new Variable(x, "x"), new Variable(unused, "unused"), new Variable(sideBranch, "side")]);
        Assert.NotNull(grads[0]);
        Assert.Null(grads[1]);
        Assert.Null(grads[2]);
        Assert.Null(tape.Gradient(loss, unused));
    }

    [Fact]
    public void ATargetThatDoesNotDependOnAnySourceGivesNulls()
    {
        var x = Uniform(5, new Shape(4));
        var c = Uniform(6, new Shape(4));
        using var tape = new GradientTape();
        var loss = Ops.Sum(Ops.Square(c));
        Assert.Null(tape.Gradient(loss, [new Variable(x, "x")])[0]);
    }

    [Fact]
    public void OpsRunOutsideATapeAreNotRecorded()
    {
        var x = Uniform(7, new Shape(4));
        var before = Ops.Square(x); // no tape yet
        using var tape = new GradientTape();
        var loss = Ops.Sum(before);
        Assert.Equal(1, tape.RecordedOperations);
        Assert.Null(tape.Gradient(loss, [new Variable(x, "x")])[0]);
    }

    [Fact]
    public void OpsRunAfterDisposeAreNotRecorded()
    {
        var x = Uniform(8, new Shape(4));
        var tape = new GradientTape();
        var y = Ops.Square(x);
        tape.Dispose();
        var loss = Ops.Sum(y);
        Assert.Equal(1, tape.RecordedOperations);
        Assert.False(tape.IsRecording);
        Assert.NotNull(tape.Gradient(y, x));
        Assert.Null(tape.Gradient(loss, x));
    }

    [Fact]
    public void ResetThenAnIdenticalRecordingGivesIdenticalGradients()
    {
        var x = Uniform(9, new Shape(5, 4));
        var w = new Variable(Uniform(10, new Shape(4, 3)), "w");
        var b = new Variable(Uniform(11, new Shape(3)), "b");
        Variable[] vars = [w, b];

        Tensor Loss()
        {
            var z = Ops.Add(Ops.MatMul(x, w.Value), b.Value);
            return Ops.Mean(Ops.Square(Ops.Subtract(Ops.Tanh(z), Ops.Reshape(Ops.Sum(x, -1, keepDims: true), new Shape(5, 1)))));
        }

        var tape = new GradientTape();
        float[][] Step()
        {
            tape.Reset();
            var loss = Loss();
            tape.Dispose();
            return tape.Gradient(loss, vars).Select(g => g!.ToArray()).ToArray();
        }

        var first = Step();
        int recorded = tape.RecordedOperations;
        var second = Step();
        var third = Step();
        Assert.Equal(recorded, tape.RecordedOperations);
        for (int i = 0; i < vars.Length; i++)
        {
            Assert.Equal(first[i], second[i]);
            Assert.Equal(first[i], third[i]);
        }

        // The same as a fresh tape gives, and right.
        using (var fresh = new GradientTape())
        {
            var grads = fresh.Gradient(Loss(), vars);
            Assert.Equal(first[0], grads[0]!.ToArray());
            Assert.Equal(first[1], grads[1]!.ToArray());
        }

        AssertGradients(_ => Loss(), [w.Value, b.Value]);
    }

    [Fact]
    public void AReusedTapeReusesItsBuffers()
    {
        var x = Uniform(12, new Shape(3, 3));
        var v = new Variable(x, "x");
        var tape = new GradientTape();
        Tensor Forward()
        {
            tape.Reset();
            var loss = Ops.Sum(Ops.Square(Ops.Tanh(x)));
            tape.Dispose();
            return loss;
        }

        var loss1 = Forward();
        var g1 = tape.Gradient(loss1, [v])[0];
        var loss2 = Forward();
        var g2 = tape.Gradient(loss2, [v])[0];
        Assert.Same(loss1, loss2);
        Assert.Same(g1, g2);
    }

    [Fact]
    public void ReusedBuffersAreOverwrittenNotAccumulated()
    {
        // A second recording on a reused tape must not add the first one's gradient into the new one.
        var x = Tensor.FromArray([1f, 2f, 3f], 3);
        var v = new Variable(x, "x");
        var tape = new GradientTape();
        float[] Grad(float scale)
        {
            tape.Reset();
            var loss = Ops.Sum(Ops.Scale(Ops.Multiply(x, x), scale));
            tape.Dispose();
            return tape.Gradient(loss, [v])[0]!.ToArray();
        }

        Assert.Equal([2f, 4f, 6f], Grad(1f));
        Assert.Equal([6f, 12f, 18f], Grad(3f));
        Assert.Equal([2f, 4f, 6f], Grad(1f));
    }

    [Fact]
    public void AnOpWithoutAGradientOnThePathThrowsClearly()
    {
        var x = Uniform(13, new Shape(4));
        using var tape = new GradientTape();
        var y = Ops.Square(x);
        var rounded = new Tensor(y.Shape);
        GradientTape.Record(new NoGradientOp("round"), rounded, y);
        var loss = Ops.Sum(rounded);
        var e = Assert.Throws<InvalidOperationException>(() => tape.Gradient(loss, [new Variable(x, "x")]));
        Assert.Contains("'round'", e.Message);
        Assert.Contains("no gradient", e.Message);
    }

    [Fact]
    public void AnOpWithoutAGradientOffThePathIsHarmless()
    {
        var x = Uniform(14, new Shape(4));
        using var tape = new GradientTape();
        var y = Ops.Square(x);
        GradientTape.Record(new NoGradientOp("argmax"), new Tensor(Shape.Scalar), y);
        var loss = Ops.Sum(y);
        Assert.NotNull(tape.Gradient(loss, [new Variable(x, "x")])[0]);
    }

    [Fact]
    public void TheGradientOfANonScalarTargetIsThatOfItsSum()
    {
        var x = Tensor.FromArray([1f, -2f, 3f], 3);
        using var tape = new GradientTape();
        var y = Ops.Multiply(x, x);
        Assert.Equal([2f, -4f, 6f], tape.Gradient(y, x)!.ToArray());
    }

    [Fact]
    public void ADestinationTooShortForTheGradientsThrows()
    {
        var x = Uniform(15, new Shape(2));
        using var tape = new GradientTape();
        var loss = Ops.Sum(x);
        var e = Assert.Throws<ArgumentException>(() => tape.Gradient(loss, [new Variable(x, "a"), new Variable(x, "b")], new Tensor?[1]));
        Assert.Contains("room for 1", e.Message);
    }

    [Fact]
    public void OnlyTheInnermostTapeRecords()
    {
        var x = Tensor.FromArray([1f, 2f], 2);
        using var outer = new GradientTape();
        var a = Ops.Square(x);
        Tensor loss;
        using (var inner = new GradientTape())
        {
            loss = Ops.Sum(a);
            Assert.True(inner.IsRecording);
            Assert.False(outer.IsRecording);
            Assert.Equal([1f, 1f], inner.Gradient(loss, a)!.ToArray());
            Assert.Null(inner.Gradient(loss, x));
        }

        Assert.True(outer.IsRecording);
        Assert.Equal(1, outer.RecordedOperations);
    }
}
