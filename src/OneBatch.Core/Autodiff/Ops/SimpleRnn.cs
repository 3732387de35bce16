using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    private static readonly GateActivation[][][] SimpleRnnKinds = BuildKinds(1, [true]);
    private static readonly string[] SimpleRnnGates = ["h"];

    /// <summary>
    /// A whole SimpleRNN layer in one op, as Keras computes it: <c>h = activation(x_t @ kernel + bias + h @ recurrent_kernel)</c>
    /// from a zero state. One GEMM projects every step's input, each step multiplies by the recurrent kernel packed once.
    /// Where <paramref name="mask"/> is 0 the state carries over. Returns <c>[batch, rows + states, units]</c> (state h).
    /// </summary>
    /// <param name="x"><c>[batch, time, features]</c>.</param>
    /// <param name="kernel"><c>[features, units]</c>.</param>
    /// <param name="recurrentKernel"><c>[units, units]</c>.</param>
    /// <param name="bias"><c>[units]</c>, or null.</param>
    public static Tensor SimpleRnn(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor? bias, Tensor? mask, RecurrentOptions options, RecurrentProbe? probe = null)
    {
        var (n, t, f, u) = CheckRecurrent("SimpleRnn", x, kernel, recurrentKernel, bias, mask, 1, static u => new Shape(u));
        int nt = n * t, flags = RecurrentFlags(options, bias, mask);
        var y = GradientTape.NewOutput(new Shape(n, OutputRows(t, flags) + (options.ReturnState ? 1 : 0), u));

        // Kept: the new states [N, T, U] (the input projection, then activation(...)) and the state before each step [N, T, U].
        var saved = GradientTape.NewOutput(new Shape(2 * nt * u));
        Gemm.Multiply(x.ReadOnlySpan, false, kernel.ReadOnlySpan, false, saved.Span[..(nt * u)], nt, u, f);
        var packed = Scratch.Get(Scratch.RecurrentWeights, Gemm.PrepackedLength(u, u));
        Gemm.Prepack(recurrentKernel.ReadOnlySpan, u, false, u, u, packed);

        // work: bias (or zeros) [U] | the final h [N, U]
        var work = Scratch.Get(Scratch.RecurrentWork, u + (n * u));
        var b = work.AsSpan(0, u);
        if (bias is null)
        {
            b.Clear();
        }
        else
        {
            bias.ReadOnlySpan.CopyTo(b);
        }

        var loop = SimpleRnnForward.Current;
        loop.Start(saved, y, mask, packed, work, t, flags, options.Activation);
        loop.RunAll(n, (long)nt * u * u);
        loop.Release();

        probe?.RecordForward(saved, mask, n, t, u, SimpleRnnKinds[(int)options.Activation][(int)options.RecurrentActivation], SimpleRnnGates);
        RecordRecurrent(SimpleRnnGrad.Instance, y, x, kernel, recurrentKernel, bias, mask, flags, options, saved, probe);

        return y;
    }

    /// <summary>The forward loop over time, for a range of samples.</summary>
    private sealed class SimpleRnnForward : RecurrentForward
    {
        [ThreadStatic]
        private static SimpleRnnForward? t_current;

        public static SimpleRnnForward Current => t_current ??= new();

        protected override void Run(int s0, int s1)
        {
            int n = _y.Shape[0], perSample = _y.Shape[1], u = _y.Shape[2], t = _steps, nt = n * t;
            int flags = _flags, rows = OutputRows(t, flags);
            var sv = _saved.Span;
            var states = sv[..(nt * u)];
            var hPrev = sv.Slice(nt * u, nt * u);
            var packed = _packed.AsSpan(0, Gemm.PrepackedLength(u, u));
            ReadOnlySpan<float> b = _work.AsSpan(0, u);
            var hLast = _work.AsSpan(u, n * u);
            var m = _mask is null ? default : _mask.ReadOnlySpan;
            var ys = _y.Span;
            int split = VectorPart(u);
            for (int p = 0; p < t; p++)
            {
                int tau = TimeOf(p, t, flags);
                int tauNext = p + 1 < t ? TimeOf(p + 1, t, flags) : -1;
                int first = (s0 * t) + tau;
                if (p == 0)
                {
                    for (int s = s0; s < s1; s++)
                    {
                        hPrev.Slice(((s * t) + tau) * u, u).Clear();
                    }
                }
                else
                {
                    Gemm.MultiplyPrepacked(hPrev[(first * u)..], t * u, false, packed, states[(first * u)..], t * u, s1 - s0, u, u, accumulate: true);
                }

                int row = OutputRow(p, t, flags);
                for (int s = s0; s < s1; s++)
                {
                    int at = (s * t) + tau;
                    bool masked = !m.IsEmpty && m[at] == 0f;
                    var h = tauNext >= 0 ? hPrev.Slice(((s * t) + tauNext) * u, u) : hLast.Slice(s * u, u);
                    if (masked)
                    {
                        hPrev.Slice(at * u, u).CopyTo(h);
                    }
                    else
                    {
                        var z = states.Slice(at * u, u);
                        if (Simd.Use512)
                        {
                            SimpleRnnForwardRow<Simd512, Vector512<float>>(z, b, h, _act, 0, split);
                        }
                        else
                        {
                            SimpleRnnForwardRow<Simd256, Vector256<float>>(z, b, h, _act, 0, split);
                        }

                        SimpleRnnForwardRow<SimdScalar, float>(z, b, h, _act, split, u);
                    }

                    WriteRecurrentOutput(ys, s, row, perSample, u, h, masked, flags);
                }
            }

            if ((flags & RecurrentState) != 0)
            {
                for (int s = s0; s < s1; s++)
                {
                    hLast.Slice(s * u, u).CopyTo(ys.Slice(((s * perSample) + rows) * u, u));
                }
            }
        }
    }

    // h = act(z + b), kept in z too.
    private static void SimpleRnnForwardRow<TSimd, TVec>(Span<float> z, ReadOnlySpan<float> bias, Span<float> h, GateActivation act, int j0, int j1)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        ref float zr = ref MemoryMarshal.GetReference(z);
        ref float br = ref MemoryMarshal.GetReference(bias);
        ref float hr = ref MemoryMarshal.GetReference(h);
        for (int j = j0; j < j1; j += TSimd.Count)
        {
            ref float zj = ref Unsafe.Add(ref zr, j);
            var a = GateMath.Apply<TSimd, TVec>(act, TSimd.Add(TSimd.Load(ref zj), TSimd.Load(ref Unsafe.Add(ref br, j))));
            TSimd.Store(a, ref zj);
            TSimd.Store(a, ref Unsafe.Add(ref hr, j));
        }
    }

    private sealed class SimpleRnnGrad : Op
    {
        public static readonly SimpleRnnGrad Instance = new();

        public override string Name => "simple_rnn";

        // per step: dz = dh act'(h); dh_prev = dz @ R^T (a masked step passes dh through); after the loop
        // dkernel = X^T dZ, drecurrent = Hprev^T dZ, dbias = column sums of dZ, dx = dZ kernel^T
        public override void Backward(Node node, Tensor gy, GradientStore grads)
        {
            Tensor x = node.Many[0], kernel = node.Many[1], recurrent = node.Many[2];
            var bias = RecurrentBias(node);
            int n = x.Shape[0], t = x.Shape[1], u = recurrent.Shape[0], nt = n * t;
            bool needX = grads.Needs(x), needK = grads.Needs(kernel), needR = grads.Needs(recurrent), needB = bias is not null && grads.Needs(bias);
            if (!(needX || needK || needR || needB))
            {
                return;
            }

            var packed = Scratch.Get(Scratch.RecurrentWeights, Gemm.PrepackedLength(u, u));
            Gemm.Prepack(recurrent.ReadOnlySpan, u, true, u, u, packed);

            // work: dZ [N, T, U] | dh [N, U] | squared norms of dh at the last and first steps [2N]
            var work = Scratch.Get(Scratch.RecurrentWork, (nt * u) + (n * u) + (2 * n));
            var loop = SimpleRnnBackward.Current;
            loop.Start(node, gy, packed, work);
            loop.RunAll(n, (long)nt * u * u);
            loop.Release();
            RecordHiddenGradients(node.Attributes as RecurrentProbe, work.AsSpan((nt * u) + (n * u), 2 * n));

            var hPrev = node.Saved!.ReadOnlySpan.Slice(nt * u, nt * u);
            var dz = work.AsSpan(0, nt * u);
            FinishRecurrentGradients(grads, x, kernel, recurrent, bias, dz, u, hPrev, needX, needK, needR, needB);
        }
    }

    /// <summary>The backward loop over time, for a range of samples.</summary>
    private sealed class SimpleRnnBackward : SampleRanges
    {
        [ThreadStatic]
        private static SimpleRnnBackward? t_current;

        private Node _node = null!;
        private Tensor _gy = null!;
        private float[] _packed = null!;
        private float[] _work = null!;

        public static SimpleRnnBackward Current => t_current ??= new();

        public void Start(Node node, Tensor gy, float[] packed, float[] work) => (_node, _gy, _packed, _work) = (node, gy, packed, work);

        public void Release() => (_node, _gy) = (null!, null!);

        protected override void Run(int s0, int s1)
        {
            var node = _node;
            Tensor x = node.Many[0], recurrent = node.Many[2];
            var mask = RecurrentMask(node);
            int flags = node.I0;
            int n = x.Shape[0], t = x.Shape[1], u = recurrent.Shape[0], nt = n * t;
            int rows = OutputRows(t, flags), perSample = _gy.Shape[1];
            var states = node.Saved!.ReadOnlySpan[..(nt * u)];
            var packed = _packed.AsSpan(0, Gemm.PrepackedLength(u, u));
            var work = _work.AsSpan();
            var dz = work[..(nt * u)];
            var dh = work.Slice(nt * u, n * u);
            var norms = work.Slice((nt * u) + (n * u), 2 * n);
            var gs = _gy.ReadOnlySpan;
            for (int s = s0; s < s1; s++)
            {
                if ((flags & RecurrentState) != 0)
                {
                    gs.Slice(((s * perSample) + rows) * u, u).CopyTo(dh.Slice(s * u, u));
                }
                else
                {
                    dh.Slice(s * u, u).Clear();
                }
            }

            var m = mask is null ? default : mask.ReadOnlySpan;
            var act = CellActivation(node);
            int split = VectorPart(u);
            for (int p = t - 1; p >= 0; p--)
            {
                int tau = TimeOf(p, t, flags);
                int row = OutputRow(p, t, flags);
                for (int s = s0; s < s1; s++)
                {
                    int at = (s * t) + tau;
                    bool masked = !m.IsEmpty && m[at] == 0f;
                    var dhs = dh.Slice(s * u, u);
                    AddRecurrentOutputGradient(gs, dhs, s, row, perSample, u, masked, flags);
                    RecordSquaredNorm(norms, dhs, s, n, p, t);
                    var dzRow = dz.Slice(at * u, u);
                    if (masked)
                    {
                        dzRow.Clear(); // the state passed through, and so does dh
                        continue;
                    }

                    var a = states.Slice(at * u, u);
                    if (Simd.Use512)
                    {
                        SimpleRnnBackwardRow<Simd512, Vector512<float>>(a, dhs, dzRow, act, 0, split);
                    }
                    else
                    {
                        SimpleRnnBackwardRow<Simd256, Vector256<float>>(a, dhs, dzRow, act, 0, split);
                    }

                    SimpleRnnBackwardRow<SimdScalar, float>(a, dhs, dzRow, act, split, u);
                }

                if (p == 0)
                {
                    break;
                }

                int first = (s0 * t) + tau;
                Gemm.MultiplyPrepacked(dz[(first * u)..], t * u, false, packed, dh[(s0 * u)..], u, s1 - s0, u, u, accumulate: true);
            }
        }
    }

    // dz = dh act'(h); dh = 0 (the step's state is not the previous one: all of dh_prev comes through R)
    private static void SimpleRnnBackwardRow<TSimd, TVec>(ReadOnlySpan<float> a, Span<float> dh, Span<float> dz, GateActivation act, int j0, int j1)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float dhr = ref MemoryMarshal.GetReference(dh);
        ref float dzr = ref MemoryMarshal.GetReference(dz);
        for (int j = j0; j < j1; j += TSimd.Count)
        {
            ref float dhj = ref Unsafe.Add(ref dhr, j);
            TSimd.Store(TSimd.Multiply(TSimd.Load(ref dhj), GateMath.Derivative<TSimd, TVec>(act, TSimd.Load(ref Unsafe.Add(ref ar, j)))), ref Unsafe.Add(ref dzr, j));
            TSimd.Store(TSimd.Zero, ref dhj);
        }
    }
}
