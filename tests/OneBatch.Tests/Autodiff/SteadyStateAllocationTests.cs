using OneBatch.Autodiff;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Autodiff;

/// <summary>DESIGN: no per-step heap garbage in steady state, for the shape ops and the general broadcasting too.</summary>
public sealed class SteadyStateAllocationTests
{
    [Fact]
    public void ATrainingLoopOverTheShapeOpsAllocatesNothing()
    {
        var x = Uniform(120, new Shape(2, 3, 4));
        var zero = Tensor.Scalar(0f);
        var w1 = new Variable(Uniform(121, new Shape(2, 4, 5)), "w1");
        var w2 = new Variable(Uniform(122, new Shape(2, 5, 4)), "w2");
        var gate = new Variable(Uniform(123, new Shape(2, 1, 1, 3)), "gate");
        var bias = new Variable(Uniform(124, new Shape(1, 6, 3)), "bias");
        Variable[] variables = [w1, w2, gate, bias];
        var gradients = new Tensor?[variables.Length];
        var tape = new GradientTape();
        tape.Dispose();

        float Step()
        {
            tape.Reset();
            Tensor loss;
            try
            {
                var h1 = Ops.BatchMatMul(x, w1.Value);                                   // [2, 3, 5]
                var h2 = Ops.BatchMatMul(x, w2.Value, transposeB: true);                 // [2, 3, 5]
                var c = Ops.Slice(Ops.Concatenate([h1, h2, h1], -1), -1, 2, 6);          // [2, 3, 6]
                var t = Ops.Transpose(c, [0, 2, 1]);                                     // [2, 6, 3]
                var u = Ops.Transpose(Ops.Transpose(c, [2, 0, 1]), [1, 0, 2]);           // [2, 6, 3]
                var s = Ops.Multiply(Ops.Stack([t, u], 1), gate.Value);                  // [2, 2, 6, 3] * [2, 1, 1, 3]
                var both = Ops.Add(Ops.Mean(t, 1, keepDims: true), bias.Value);          // [2, 1, 3] + [1, 6, 3]
                var m = Ops.Minimum(Ops.Maximum(Ops.Sum(s, 1), zero), both);             // [2, 6, 3]
                loss = Ops.Mean(Ops.Square(Ops.Sum(m, 0)));
            }
            finally
            {
                tape.Dispose();
            }

            tape.Gradient(loss, variables, gradients);
            for (int i = 0; i < variables.Length; i++)
            {
                var w = variables[i].Value.Span;
                TensorPrimitives.MultiplyAdd(gradients[i]!.ReadOnlySpan, -0.01f, w, w);
            }

            return loss.ToScalar();
        }

        for (int i = 0; i < 5; i++)
        {
            Step();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            Step();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"20 steps allocated {allocated} bytes");
    }
}
