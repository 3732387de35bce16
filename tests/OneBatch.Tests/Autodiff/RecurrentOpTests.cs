using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;
using static OneBatch.Tests.Autodiff.RecurrentReference;

namespace OneBatch.Tests.Autodiff;

/// <summary>
/// The fused recurrent ops against Keras's equations written out step by step (<see cref="RecurrentReference"/>), and
/// their backward passes against finite differences; sizes with vector bodies and one-lane tails on either path.
/// </summary>
public sealed class RecurrentOpTests
{
    public static TheoryData<Cell, bool, bool, bool, bool, bool> Settings()
    {
        var data = new TheoryData<Cell, bool, bool, bool, bool, bool>();
        foreach (var cell in Enum.GetValues<Cell>())
        {
            foreach (bool backwards in new[] { false, true })
            {
                foreach (bool sequences in new[] { false, true })
                {
                    foreach (bool state in new[] { false, true })
                    {
                        data.Add(cell, backwards, sequences, state, false, false);
                        data.Add(cell, backwards, sequences, state, true, false);
                        data.Add(cell, backwards, sequences, state, true, true);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void TheForwardPassFollowsKerasEquations(Cell cell, bool backwards, bool sequences, bool state, bool masked, bool zeroMasked)
    {
        foreach (var (n, t, f, u) in new[] { (3, 5, 4, 3), (2, 4, 3, 19), (1, 1, 2, 17), (4, 6, 5, 33) })
        {
            var (x, kernel, recurrent, bias, mask) = Inputs(cell, n, t, f, u, masked, seed: n + t + u);
            var options = new RecurrentOptions
            {
                GoBackwards = backwards, ReturnSequences = sequences, ReturnState = state, ZeroOutputForMask = zeroMasked,
                ReverseOutputs = sequences && zeroMasked,
            };
            var y = Apply(cell, x, kernel, recurrent, bias, mask, options);
            var expected = Run(
                cell, x.ToArray(), n, t, f, kernel.ToArray(), recurrent.ToArray(), bias?.ToArray(), mask?.ToArray(), u,
                options.Activation, options.RecurrentActivation, backwards, sequences, state, zeroMasked, options.ReverseOutputs);
            AssertClose(expected, y, $"{cell} {n}x{t}x{f}->{u}");
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void TheBackwardPassMatchesFiniteDifferences(Cell cell, bool backwards, bool sequences, bool state, bool masked, bool zeroMasked)
    {
        var (x, kernel, recurrent, bias, mask) = Inputs(cell, 2, 4, 3, 5, masked, seed: 3);
        var options = new RecurrentOptions
        {
            GoBackwards = backwards, ReturnSequences = sequences, ReturnState = state, ZeroOutputForMask = zeroMasked,
            ReverseOutputs = sequences && zeroMasked,
        };
        AssertGradients(a => Apply(cell, a[0], a[1], a[2], a[3], mask, options), [x, kernel, recurrent, bias!]);
    }

    [Theory]
    [InlineData(GateActivation.Tanh, GateActivation.Sigmoid)]
    [InlineData(GateActivation.Relu, GateActivation.HardSigmoid)]
    [InlineData(GateActivation.Linear, GateActivation.HardSigmoidKeras2)]
    [InlineData(GateActivation.Sigmoid, GateActivation.Tanh)]
    public void EveryActivationPairRunsForwardAndBackward(GateActivation act, GateActivation rec)
    {
        foreach (var cell in Enum.GetValues<Cell>())
        {
            var (x, kernel, recurrent, bias, mask) = Inputs(cell, 2, 3, 3, 18, masked: true, seed: 8);
            var options = new RecurrentOptions { Activation = act, RecurrentActivation = rec, ReturnSequences = true };
            var y = Apply(cell, x, kernel, recurrent, bias, mask, options);
            var expected = Run(cell, x.ToArray(), 2, 3, 3, kernel.ToArray(), recurrent.ToArray(), bias!.ToArray(), mask!.ToArray(), 18, act, rec, false, true, false, false);
            AssertClose(expected, y, $"{cell} {act}/{rec}");
            // Relu and the hard sigmoids have kinks: these inputs keep every pre-activation farther than the step from one.
            var (xs, ks, rs, bs, ms) = Inputs(cell, 2, 3, 2, 3, masked: true, seed: 12);
            AssertGradients(a => Apply(cell, a[0], a[1], a[2], a[3], ms, options), [xs, ks, rs, bs!]);
        }
    }

    [Theory]
    [InlineData(Cell.Lstm)]
    [InlineData(Cell.GruResetAfter)]
    [InlineData(Cell.GruResetBefore)]
    [InlineData(Cell.SimpleRnn)]
    public void ABatchSharedOutAmongThreadsGivesTheSameBitsAsOneThread(Cell cell)
    {
        // Large enough for the samples' recurrences to run on the team's threads, unless the team is busy.
        const int n = 16, t = 12, f = 8, u = 96;
        var (x, kernel, recurrent, bias, mask) = Inputs(cell, n, t, f, u, masked: true, seed: 21);
        TensorPrimitives.Multiply(recurrent.Span, 0.2f, recurrent.Span); // keep the recurrence contracting: float error stays small
        var options = new RecurrentOptions { GoBackwards = true, ReturnSequences = true, ReturnState = true };
        var (shared, sharedGrads) = ForwardAndBackward(cell, x, kernel, recurrent, bias!, mask, options);
        float[] alone;
        float[][] aloneGrads;
        // Holding the team makes this run single-threaded; other tests may hold it for a moment, so wait for it.
        Assert.True(GemmTeam.Size == 1 || SpinWait.SpinUntil(GemmTeam.TryEnter, TimeSpan.FromSeconds(30)), "the team stayed busy for 30 s");
        try
        {
            (alone, aloneGrads) = ForwardAndBackward(cell, x, kernel, recurrent, bias!, mask, options);
        }
        finally
        {
            if (GemmTeam.Size > 1)
            {
                GemmTeam.Exit();
            }
        }

        Assert.Equal(alone, shared);
        for (int i = 0; i < aloneGrads.Length; i++)
        {
            Assert.Equal(aloneGrads[i], sharedGrads[i]);
        }

        var expected = Run(
            cell, x.ToArray(), n, t, f, kernel.ToArray(), recurrent.ToArray(), bias!.ToArray(), mask!.ToArray(), u,
            options.Activation, options.RecurrentActivation, backwards: true, sequences: true, state: true, zeroMasked: false);
        AssertClose(expected, Tensor.FromArray(shared, shared.Length), $"{cell} shared");
    }

    private static (float[] Output, float[][] Gradients) ForwardAndBackward(Cell cell, Tensor x, Tensor kernel, Tensor recurrent, Tensor bias, Tensor? mask, RecurrentOptions options)
    {
        var variables = new[] { x, kernel, recurrent, bias }.Select((v, i) => new Variable(v, $"v{i}")).ToArray();
        using var tape = new GradientTape();
        var y = Apply(cell, x, kernel, recurrent, bias, mask, options);
        var weights = Uniform(5, y.Shape);
        var grads = tape.Gradient(Ops.Sum(Ops.Multiply(y, weights)), variables);
        return (y.ToArray(), grads.Select(g => g!.ToArray()).ToArray());
    }

    [Fact]
    public void TheProbeReadsGateSaturationAndHiddenGradientNorms()
    {
        // Inputs of size 100 drive every gate far beyond +-5; the first step's gradient is far below the last's.
        var probe = new RecurrentProbe();
        var (x, kernel, recurrent, bias, _) = Inputs(Cell.Lstm, 2, 6, 3, 4, masked: false, seed: 1);
        var big = Tensor.Full(x.Shape, 100f);
        Assert.True(float.IsNaN(probe.GateSaturation));
        Assert.Null(probe.HiddenGradientNorms);
        using (var tape = new GradientTape())
        {
            var y = Ops.Lstm(big, kernel, recurrent, bias, null, new RecurrentOptions(), probe);
            Assert.True(probe.GateSaturation > 0.9f, $"saturation {probe.GateSaturation}");
            Assert.Equal(["i", "f", "c", "o"], probe.GateNames);
            Assert.Equal(4, probe.GateSaturationByGate.Count);
            _ = tape.Gradient(Ops.Sum(y), new Variable(kernel, "k"));
        }

        var norms = probe.HiddenGradientNorms!.Value;
        Assert.True(norms.Last > 0f);
        Assert.True(norms.First < norms.Last, $"{norms}");

        _ = Ops.Lstm(Ops.Scale(big, 0f), kernel, recurrent, bias, null, new RecurrentOptions(), probe);
        Assert.True(probe.GateSaturation < 0.5f);
    }

    [Fact]
    public void ShapesThatDoNotFitAreNamed()
    {
        var (x, kernel, recurrent, bias, _) = Inputs(Cell.Lstm, 2, 3, 4, 5, masked: false, seed: 0);
        var e = Assert.Throws<ArgumentException>(() => Ops.Lstm(x, recurrent, recurrent, bias, null, new RecurrentOptions()));
        Assert.Contains("Lstm: the kernel must be [features, 4 * units] = [4, 20]; got [5, 20]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Ops.Lstm(x, kernel, kernel, bias, null, new RecurrentOptions()));
        Assert.Contains("the recurrent kernel must be [units, 4 * units]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Ops.Lstm(x, kernel, recurrent, bias, Tensor.Zeros(2, 4), new RecurrentOptions()));
        Assert.Contains("the mask must be [batch, time] = [2, 3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Ops.Lstm(Tensor.Zeros(2, 4), kernel, recurrent, bias, null, new RecurrentOptions()));
        Assert.Contains("the input must be [batch, time, features]", e.Message);
    }

    internal static Tensor Apply(Cell cell, Tensor x, Tensor kernel, Tensor recurrent, Tensor? bias, Tensor? mask, RecurrentOptions options) => cell switch
    {
        Cell.Lstm => Ops.Lstm(x, kernel, recurrent, bias, mask, options),
        Cell.GruResetAfter => Ops.Gru(x, kernel, recurrent, bias, mask, options, resetAfter: true),
        Cell.GruResetBefore => Ops.Gru(x, kernel, recurrent, bias, mask, options, resetAfter: false),
        Cell.SimpleRnn => Ops.SimpleRnn(x, kernel, recurrent, bias, mask, options),
        _ => throw new ArgumentOutOfRangeException(nameof(cell)),
    };

    // x [N, T, F] and weights of a moderate size (gates away from saturation); the mask pads the ends of some samples
    // and blanks a step in the middle of one.
    internal static (Tensor X, Tensor Kernel, Tensor Recurrent, Tensor? Bias, Tensor? Mask) Inputs(Cell cell, int n, int t, int f, int u, bool masked, int seed)
    {
        int gates = cell switch { Cell.Lstm => 4, Cell.SimpleRnn => 1, _ => 3 };
        var x = Uniform(seed, new Shape(n, t, f), -1f, 1f);
        var kernel = Uniform(seed + 1, new Shape(f, gates * u), -0.6f, 0.6f);
        var recurrent = Uniform(seed + 2, new Shape(u, gates * u), -0.6f, 0.6f);
        var bias = Uniform(seed + 3, cell == Cell.GruResetAfter ? new Shape(2, 3 * u) : new Shape(gates * u), -0.3f, 0.3f);
        Tensor? mask = null;
        if (masked)
        {
            mask = Tensor.Full(new Shape(n, t), 1f);
            for (int s = 0; s < n; s++)
            {
                for (int k = 0; k < s % 3 && k < t - 1; k++)
                {
                    mask.Span[(s * t) + t - 1 - k] = 0f;
                }
            }

            if (t > 2)
            {
                mask.Span[1] = 0f; // a gap inside the first sample
            }
        }

        return (x, kernel, recurrent, bias, mask);
    }

    internal static void AssertClose(double[] expected, Tensor actual, string what)
    {
        var a = actual.ReadOnlySpan;
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(a[i] - expected[i]) <= 2e-5 + (2e-5 * Math.Abs(expected[i]))))
            {
                Assert.Fail($"{what}: element {i} is {a[i]}, expected {expected[i]}");
            }
        }
    }
}
