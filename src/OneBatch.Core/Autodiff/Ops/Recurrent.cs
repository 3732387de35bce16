using System.Runtime.Intrinsics;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

/// <summary>What the fused recurrent ops (LSTM, GRU, SimpleRNN) share: argument checks, settings kept on the node, output rows.</summary>
public static partial class Ops
{
    // Bits of node.I0 for a recurrent op.
    private const int RecurrentHasBias = 1;
    private const int RecurrentHasMask = 2;
    private const int RecurrentBackwards = 4;
    private const int RecurrentSequences = 8;
    private const int RecurrentState = 16;
    private const int RecurrentZeroMasked = 32;
    private const int RecurrentReverseOutputs = 64;
    private const int RecurrentResetAfter = 128;

    // A recurrence of at least this many multiply-adds per pass (samples x steps x gate columns x units) is shared out.
    private const long RecurrentThreadedMinWork = 1L << 20;

    /// <summary>Checks x <c>[batch, time, features]</c>, kernel <c>[features, gates * units]</c>, recurrent kernel <c>[units, gates * units]</c>, the bias and the mask <c>[batch, time]</c>.</summary>
    private static (int Batch, int Steps, int Features, int Units) CheckRecurrent(
        string op, Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor? bias, Tensor? mask, int gates, Func<int, Shape> biasShape)
    {
        if (x.Rank != 3 || x.Shape[1] < 1)
        {
            throw new ArgumentException($"{op}: the input must be [batch, time, features] with at least one time step; got {x.Shape}.");
        }

        int n = x.Shape[0], t = x.Shape[1], f = x.Shape[2];
        if (recurrentKernel.Rank != 2 || recurrentKernel.Shape[0] < 1 || recurrentKernel.Shape[1] != gates * recurrentKernel.Shape[0])
        {
            throw new ArgumentException($"{op}: the recurrent kernel must be [units, {gates} * units]; got {recurrentKernel.Shape}.");
        }

        int u = recurrentKernel.Shape[0];
        if (kernel.Shape != new Shape(f, gates * u))
        {
            throw new ArgumentException($"{op}: the kernel must be [features, {gates} * units] = {new Shape(f, gates * u)}; got {kernel.Shape}.");
        }

        if (bias is not null && bias.Shape != biasShape(u))
        {
            throw new ArgumentException($"{op}: the bias must be {biasShape(u)}; got {bias.Shape}.");
        }

        if (mask is not null && mask.Shape != new Shape(n, t))
        {
            throw new ArgumentException($"{op}: the mask must be [batch, time] = {new Shape(n, t)}; got {mask.Shape}.");
        }

        return (n, t, f, u);
    }

    private static int RecurrentFlags(in RecurrentOptions o, Tensor? bias, Tensor? mask) =>
        (bias is null ? 0 : RecurrentHasBias) | (mask is null ? 0 : RecurrentHasMask) | (o.GoBackwards ? RecurrentBackwards : 0)
        | (o.ReturnSequences ? RecurrentSequences : 0) | (o.ReturnState ? RecurrentState : 0)
        | (o.ZeroOutputForMask ? RecurrentZeroMasked : 0) | (o.ReverseOutputs ? RecurrentReverseOutputs : 0);

    private static int RecurrentActivations(in RecurrentOptions o) => (int)o.Activation | ((int)o.RecurrentActivation << 8);

    private static GateActivation CellActivation(Node node) => (GateActivation)(node.I1 & 0xFF);

    private static GateActivation GateActivationOf(Node node) => (GateActivation)((node.I1 >> 8) & 0xFF);

    /// <summary>
    /// Records a recurrent op: inputs x, kernel, recurrent kernel, then the bias and the mask when there are; with what
    /// its backward reads (the flags, the activations, the saved gates and states, the probe to fill).
    /// </summary>
    private static void RecordRecurrent(
        Op op, Tensor y, Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor? bias, Tensor? mask, int flags, in RecurrentOptions options, Tensor saved,
        RecurrentProbe? probe)
    {
        Node? node = (bias, mask) switch
        {
            (null, null) => GradientTape.RecordMany(op, y, [x, kernel, recurrentKernel]),
            (not null, null) => GradientTape.RecordMany(op, y, [x, kernel, recurrentKernel, bias]),
            (null, not null) => GradientTape.RecordMany(op, y, [x, kernel, recurrentKernel, mask]),
            _ => GradientTape.RecordMany(op, y, [x, kernel, recurrentKernel, bias!, mask!]),
        };
        if (node is not null)
        {
            node.I0 = flags;
            node.I1 = RecurrentActivations(options);
            node.Saved = saved;
            node.Attributes = probe;
        }
    }

    private static Tensor? RecurrentBias(Node node) => (node.I0 & RecurrentHasBias) != 0 ? node.Many[3] : null;

    private static Tensor? RecurrentMask(Node node) =>
        (node.I0 & RecurrentHasMask) != 0 ? node.Many[(node.I0 & RecurrentHasBias) != 0 ? 4 : 3] : null;

    /// <summary>The time index that processing step <paramref name="p"/> reads.</summary>
    private static int TimeOf(int p, int steps, int flags) => (flags & RecurrentBackwards) != 0 ? steps - 1 - p : p;

    /// <summary>The output row processing step <paramref name="p"/> writes, or -1 for none.</summary>
    private static int OutputRow(int p, int steps, int flags)
    {
        if ((flags & RecurrentSequences) != 0)
        {
            return (flags & RecurrentReverseOutputs) != 0 ? steps - 1 - p : p;
        }

        return p == steps - 1 ? 0 : -1;
    }

    /// <summary>Rows of the output <c>[batch, rows + states, units]</c> that hold outputs.</summary>
    private static int OutputRows(int steps, int flags) => (flags & RecurrentSequences) != 0 ? steps : 1;

    /// <summary>
    /// Writes a step's output for one sample: its new state, or, at a masked step, zeros when the op zeroes masked
    /// outputs (the carried-over state otherwise, which is the previous output, Keras's default).
    /// </summary>
    private static void WriteRecurrentOutput(Span<float> y, int sample, int row, int rowsPerSample, int units, ReadOnlySpan<float> h, bool masked, int flags)
    {
        if (row < 0)
        {
            return;
        }

        var dst = y.Slice(((sample * rowsPerSample) + row) * units, units);
        if (masked && (flags & RecurrentZeroMasked) != 0)
        {
            dst.Clear();
        }
        else
        {
            h.CopyTo(dst);
        }
    }

    /// <summary>dh += the gradient of a step's output for one sample (none where the output was a zero of masking).</summary>
    private static void AddRecurrentOutputGradient(ReadOnlySpan<float> g, Span<float> dh, int sample, int row, int rowsPerSample, int units, bool masked, int flags)
    {
        if (row < 0 || (masked && (flags & RecurrentZeroMasked) != 0))
        {
            return;
        }

        TensorPrimitives.Add(dh, g.Slice(((sample * rowsPerSample) + row) * units, units), dh);
    }

    /// <summary>
    /// Keeps the squared norm of one sample's dL/dh at the last processed step (p = T - 1) in norms[s] and at the first
    /// (p = 0) in norms[N + s]: summed over the samples afterwards, in their order, whatever thread ran each.
    /// </summary>
    private static void RecordSquaredNorm(Span<float> norms, ReadOnlySpan<float> dh, int sample, int samples, int p, int steps)
    {
        if (p == steps - 1)
        {
            norms[sample] = TensorPrimitives.SumOfSquares(dh);
        }

        if (p == 0)
        {
            norms[samples + sample] = TensorPrimitives.SumOfSquares(dh);
        }
    }

    /// <summary>Hands the probe the norms of dL/dh over the batch at the first and the last processed steps.</summary>
    private static void RecordHiddenGradients(RecurrentProbe? probe, ReadOnlySpan<float> norms)
    {
        if (probe is null)
        {
            return;
        }

        int n = norms.Length / 2;
        double last = 0, first = 0;
        for (int s = 0; s < n; s++)
        {
            last += norms[s];
            first += norms[n + s];
        }

        probe.RecordHiddenGradient(first: false, (float)Math.Sqrt(last));
        probe.RecordHiddenGradient(first: true, (float)Math.Sqrt(first));
    }

    /// <summary>into (+)= the column sums of <paramref name="rows"/> <c>[count, width]</c>, reading <paramref name="width"/> of every <paramref name="stride"/> floats.</summary>
    private static void AddColumnSums(ReadOnlySpan<float> rows, int count, int width, int stride, Span<float> into, bool accumulate)
    {
        if (!accumulate)
        {
            into[..width].Clear();
        }

        for (int r = 0; r < count; r++)
        {
            TensorPrimitives.Add(into[..width], rows.Slice(r * stride, width), into[..width]);
        }
    }

    /// <summary>Where the vector body of a row kernel over <paramref name="units"/> stops and its one-lane tail starts.</summary>
    private static int VectorPart(int units)
    {
        int w = Simd.Use512 ? Vector512<float>.Count : Vector256<float>.Count;
        return units / w * w;
    }

    // The gate activations for each (activation, recurrent activation) pair, [activation][recurrent activation], made
    // once so that the probe allocates nothing.
    private static GateActivation[][][] BuildKinds(int gates, bool[] cellGate)
    {
        int count = Enum.GetValues<GateActivation>().Length;
        var all = new GateActivation[count][][];
        for (int a = 0; a < count; a++)
        {
            all[a] = new GateActivation[count][];
            for (int r = 0; r < count; r++)
            {
                var kinds = new GateActivation[gates];
                for (int k = 0; k < gates; k++)
                {
                    kinds[k] = cellGate[k] ? (GateActivation)a : (GateActivation)r;
                }

                all[a][r] = kinds;
            }
        }

        return all;
    }

    /// <summary>
    /// A recurrent op's loop over time for a range of samples. Samples never meet inside a recurrence, so ranges run on
    /// the team's threads with no synchronization between steps, and each sample's arithmetic is the same whichever
    /// range it falls in. One instance per calling thread, reused, so a step allocates nothing.
    /// </summary>
    private abstract class SampleRanges : ITeamWork
    {
        private int _samples;
        private int _units;

        public void RunUnit(int unit) => Run(unit * _samples / _units, (unit + 1) * _samples / _units);

        /// <summary>Runs every sample, in ranges shared out among the team's threads when <paramref name="work"/> is large.</summary>
        public void RunAll(int samples, long work)
        {
            _samples = samples;
            _units = samples > 1 && work >= RecurrentThreadedMinWork ? Math.Min(samples, GemmTeam.Size) : 1;
            GemmTeam.RunWork(this, _units);
        }

        /// <summary>The loop over time for samples [s0, s1).</summary>
        protected abstract void Run(int s0, int s1);
    }

    /// <summary>A recurrent op's forward loop: what every cell's loop reads, set for one call and released after it.</summary>
    private abstract class RecurrentForward : SampleRanges
    {
        private protected Tensor _saved = null!;
        private protected Tensor _y = null!;
        private protected Tensor? _mask;
        private protected float[] _packed = null!;
        private protected float[] _work = null!;
        private protected int _steps;
        private protected int _flags;
        private protected GateActivation _act;
        private protected GateActivation _rec;

        /// <param name="rec">The gates' activation (none for a SimpleRNN, whose one activation is <paramref name="act"/>).</param>
        public void Start(Tensor saved, Tensor y, Tensor? mask, float[] packed, float[] work, int steps, int flags, GateActivation act, GateActivation rec = default)
        {
            (_saved, _y, _mask, _packed, _work) = (saved, y, mask, packed, work);
            (_steps, _flags, _act, _rec) = (steps, flags, act, rec);
        }

        public void Release() => (_saved, _y, _mask) = (null!, null!, null);
    }
}
