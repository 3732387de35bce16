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
        int rows = OutputRows(t, flags), perSample = rows + (options.ReturnState ? 1 : 0);
        var y = GradientTape.NewOutput(new Shape(n, perSample, u));

        // Kept: the new states [N, T, U] (the input projection, then activation(...)) and the state before each step [N, T, U].
        var saved = GradientTape.NewOutput(new Shape(2 * nt * u));
        var sv = saved.Span;
        var states = sv[..(nt * u)];
        var hPrev = sv.Slice(nt * u, nt * u);

        Gemm.Multiply(x.ReadOnlySpan, false, kernel.ReadOnlySpan, false, states, nt, u, f);
        var packed = Scratch.Get(Scratch.RecurrentWeights, Gemm.PrepackedLength(u, u)).AsSpan();
        Gemm.Prepack(recurrentKernel.ReadOnlySpan, u, false, u, u, packed);

        // work: bias (or zeros) [U] | the final h [N, U]
        var work = Scratch.Get(Scratch.RecurrentWork, u + (n * u)).AsSpan();
        var b = work[..u];
        if (bias is null)
        {
            b.Clear();
        }
        else
        {
            bias.ReadOnlySpan.CopyTo(b);
        }

        var hLast = work.Slice(u, n * u);
        var m = mask is null ? default : mask.ReadOnlySpan;
        var ys = y.Span;
        var act = options.Activation;
        int split = VectorPart(u);
        for (int p = 0; p < t; p++)
        {
            int tau = TimeOf(p, t, flags);
            int tauNext = p + 1 < t ? TimeOf(p + 1, t, flags) : -1;
            if (p == 0)
            {
                for (int s = 0; s < n; s++)
                {
                    hPrev.Slice(((s * t) + tau) * u, u).Clear();
                }
            }
            else
            {
                Gemm.MultiplyPrepacked(hPrev[(tau * u)..], t * u, false, packed, states[(tau * u)..], t * u, n, u, u, accumulate: true);
            }

            int row = OutputRow(p, t, flags);
            for (int s = 0; s < n; s++)
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
                        SimpleRnnForwardRow<Simd512, Vector512<float>>(z, b, h, act, 0, split);
                    }
                    else
                    {
                        SimpleRnnForwardRow<Simd256, Vector256<float>>(z, b, h, act, 0, split);
                    }

                    SimpleRnnForwardRow<SimdScalar, float>(z, b, h, act, split, u);
                }

                WriteRecurrentOutput(ys, s, row, perSample, u, h, masked, flags);
            }
        }

        if (options.ReturnState)
        {
            for (int s = 0; s < n; s++)
            {
                hLast.Slice(s * u, u).CopyTo(ys.Slice(((s * perSample) + rows) * u, u));
            }
        }

        probe?.RecordForward(saved, mask, n, t, u, SimpleRnnKinds[(int)options.Activation][(int)options.RecurrentActivation], SimpleRnnGates);
        var node = RecordRecurrent(SimpleRnnGrad.Instance, y, x, kernel, recurrentKernel, bias, mask);
        if (node is not null)
        {
            node.I0 = flags;
            node.I1 = RecurrentActivations(options);
            node.Saved = saved;
            node.Attributes = probe;
        }

        return y;
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
            var mask = RecurrentMask(node);
            int flags = node.I0;
            int n = x.Shape[0], t = x.Shape[1], u = recurrent.Shape[0], nt = n * t;
            int rows = OutputRows(t, flags), perSample = gy.Shape[1];
            bool needX = grads.Needs(x), needK = grads.Needs(kernel), needR = grads.Needs(recurrent), needB = bias is not null && grads.Needs(bias);
            if (!(needX || needK || needR || needB))
            {
                return;
            }

            var sv = node.Saved!.ReadOnlySpan;
            var states = sv[..(nt * u)];
            var hPrev = sv.Slice(nt * u, nt * u);
            var packed = Scratch.Get(Scratch.RecurrentWeights, Gemm.PrepackedLength(u, u)).AsSpan();
            Gemm.Prepack(recurrent.ReadOnlySpan, u, true, u, u, packed);

            // work: dZ [N, T, U] | dh [N, U]
            var work = Scratch.Get(Scratch.RecurrentWork, (nt * u) + (n * u)).AsSpan();
            var dz = work[..(nt * u)];
            var dh = work.Slice(nt * u, n * u);
            var gs = gy.ReadOnlySpan;
            if ((flags & RecurrentState) != 0)
            {
                for (int s = 0; s < n; s++)
                {
                    gs.Slice(((s * perSample) + rows) * u, u).CopyTo(dh.Slice(s * u, u));
                }
            }
            else
            {
                dh.Clear();
            }

            var m = mask is null ? default : mask.ReadOnlySpan;
            var act = CellActivation(node);
            var probe = node.Attributes as RecurrentProbe;
            int split = VectorPart(u);
            for (int p = t - 1; p >= 0; p--)
            {
                int tau = TimeOf(p, t, flags);
                int row = OutputRow(p, t, flags);
                for (int s = 0; s < n; s++)
                {
                    bool masked = !m.IsEmpty && m[(s * t) + tau] == 0f;
                    AddRecurrentOutputGradient(gs, dh.Slice(s * u, u), s, row, perSample, u, masked, flags);
                }

                if (p == t - 1)
                {
                    probe?.RecordHiddenGradient(first: false, TensorPrimitives.Norm(dh));
                }

                if (p == 0)
                {
                    probe?.RecordHiddenGradient(first: true, TensorPrimitives.Norm(dh));
                }

                for (int s = 0; s < n; s++)
                {
                    int at = (s * t) + tau;
                    var dzRow = dz.Slice(at * u, u);
                    if (!m.IsEmpty && m[at] == 0f)
                    {
                        dzRow.Clear(); // the state passed through, and so does dh
                        continue;
                    }

                    var a = states.Slice(at * u, u);
                    var dhs = dh.Slice(s * u, u);
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

                Gemm.MultiplyPrepacked(dz[(tau * u)..], t * u, false, packed, dh, u, n, u, u, accumulate: true);
            }

            FinishRecurrentGradients(grads, x, kernel, recurrent, bias, dz, u, hPrev, needX, needK, needR, needB);
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
