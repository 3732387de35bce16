using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    private static readonly GateActivation[][][] LstmKinds = BuildKinds(4, [false, false, true, false]);
    private static readonly string[] LstmGates = ["i", "f", "c", "o"];

    /// <summary>
    /// A whole LSTM layer in one op, as Keras computes it (gates i, f, c, o):
    /// <c>z = x_t @ kernel + h @ recurrent_kernel + bias</c>; <c>i, f, o = recurrent_activation(z_i, z_f, z_o)</c>;
    /// <c>c = f * c + i * activation(z_c)</c>; <c>h = o * activation(c)</c>; zero initial states. The input projection of
    /// every step is one GEMM, each step one small GEMM against the recurrent kernel packed once, and the gate math is
    /// fused. Where <paramref name="mask"/> (<c>[batch, time]</c>, 1 = real) is 0 the states carry over unchanged.
    /// Returns <c>[batch, rows + states, units]</c> as <see cref="RecurrentOptions"/> describes (states h, c).
    /// </summary>
    /// <param name="x"><c>[batch, time, features]</c>.</param>
    /// <param name="kernel"><c>[features, 4 * units]</c>.</param>
    /// <param name="recurrentKernel"><c>[units, 4 * units]</c>.</param>
    /// <param name="bias"><c>[4 * units]</c>, or null.</param>
    public static Tensor Lstm(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor? bias, Tensor? mask, RecurrentOptions options, RecurrentProbe? probe = null)
    {
        var (n, t, f, u) = CheckRecurrent("Lstm", x, kernel, recurrentKernel, bias, mask, 4, static u => new Shape(4 * u));
        int g = 4 * u, flags = RecurrentFlags(options, bias, mask);
        int rows = OutputRows(t, flags), perSample = rows + (options.ReturnState ? 2 : 0);
        var y = GradientTape.NewOutput(new Shape(n, perSample, u));

        // Kept for the backward pass: gates [N, T, 4U] (the input projection, then the activated gates), the state
        // before each step hprev [N, T, U], the cell state after each step c [N, T, U] and activation(c) [N, T, U].
        int nt = n * t;
        var saved = GradientTape.NewOutput(new Shape(nt * (g + (3 * u))));
        var sv = saved.Span;
        var gates = sv[..(nt * g)];
        var hPrev = sv.Slice(nt * g, nt * u);
        var cells = sv.Slice(nt * (g + u), nt * u);
        var cellOut = sv.Slice(nt * (g + (2 * u)), nt * u);

        Gemm.Multiply(x.ReadOnlySpan, false, kernel.ReadOnlySpan, false, gates, nt, g, f);
        var packed = Scratch.Get(Scratch.RecurrentWeights, Gemm.PrepackedLength(u, g)).AsSpan();
        Gemm.Prepack(recurrentKernel.ReadOnlySpan, g, false, u, g, packed);

        // work: bias (or zeros) [4U] | zero state [U] | the final h [N, U]
        var work = Scratch.Get(Scratch.RecurrentWork, g + u + (n * u)).AsSpan();
        var b = work[..g];
        if (bias is null)
        {
            b.Clear();
        }
        else
        {
            bias.ReadOnlySpan.CopyTo(b);
        }

        var zero = work.Slice(g, u);
        zero.Clear();
        var hLast = work.Slice(g + u, n * u);

        var m = mask is null ? default : mask.ReadOnlySpan;
        var ys = y.Span;
        var act = options.Activation;
        var rec = options.RecurrentActivation;
        int split = VectorPart(u);
        int tauPrev = -1;
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
                // z += h_{t-1} @ recurrent_kernel, for every sample at once.
                Gemm.MultiplyPrepacked(hPrev[(tau * u)..], t * u, false, packed, gates[(tau * g)..], t * g, n, g, u, accumulate: true);
            }

            int row = OutputRow(p, t, flags);
            for (int s = 0; s < n; s++)
            {
                int at = (s * t) + tau;
                bool masked = !m.IsEmpty && m[at] == 0f;
                var cPrev = p == 0 ? zero : cells.Slice(((s * t) + tauPrev) * u, u);
                var h = tauNext >= 0 ? hPrev.Slice(((s * t) + tauNext) * u, u) : hLast.Slice(s * u, u);
                var c = cells.Slice(at * u, u);
                if (masked)
                {
                    cPrev.CopyTo(c);
                    hPrev.Slice(at * u, u).CopyTo(h);
                }
                else
                {
                    var z = gates.Slice(at * g, g);
                    var tc = cellOut.Slice(at * u, u);
                    if (Simd.Use512)
                    {
                        LstmForwardRow<Simd512, Vector512<float>>(z, b, cPrev, c, tc, h, act, rec, 0, split);
                    }
                    else
                    {
                        LstmForwardRow<Simd256, Vector256<float>>(z, b, cPrev, c, tc, h, act, rec, 0, split);
                    }

                    LstmForwardRow<SimdScalar, float>(z, b, cPrev, c, tc, h, act, rec, split, u);
                }

                WriteRecurrentOutput(ys, s, row, perSample, u, h, masked, flags);
            }

            tauPrev = tau;
        }

        if (options.ReturnState)
        {
            for (int s = 0; s < n; s++)
            {
                hLast.Slice(s * u, u).CopyTo(ys.Slice(((s * perSample) + rows) * u, u));
                cells.Slice(((s * t) + tauPrev) * u, u).CopyTo(ys.Slice(((s * perSample) + rows + 1) * u, u));
            }
        }

        probe?.RecordForward(saved, mask, n, t, u, LstmKinds[(int)options.Activation][(int)options.RecurrentActivation], LstmGates);
        var node = RecordRecurrent(LstmGrad.Instance, y, x, kernel, recurrentKernel, bias, mask);
        if (node is not null)
        {
            node.I0 = flags;
            node.I1 = RecurrentActivations(options);
            node.Saved = saved;
            node.Attributes = probe;
        }

        return y;
    }

    // i, f, o = rec(z + b); c~ = act(z_c + b_c); c = f c_prev + i c~; h = o act(c)
    private static void LstmForwardRow<TSimd, TVec>(
        Span<float> z, ReadOnlySpan<float> bias, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> tc, Span<float> h,
        GateActivation act, GateActivation rec, int j0, int j1)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int u = c.Length;
        ref float zr = ref MemoryMarshal.GetReference(z);
        ref float br = ref MemoryMarshal.GetReference(bias);
        ref float cp = ref MemoryMarshal.GetReference(cPrev);
        ref float cr = ref MemoryMarshal.GetReference(c);
        ref float tr = ref MemoryMarshal.GetReference(tc);
        ref float hr = ref MemoryMarshal.GetReference(h);
        for (int j = j0; j < j1; j += TSimd.Count)
        {
            ref float zi = ref Unsafe.Add(ref zr, j);
            ref float zf = ref Unsafe.Add(ref zi, u);
            ref float zc = ref Unsafe.Add(ref zf, u);
            ref float zo = ref Unsafe.Add(ref zc, u);
            ref float bi = ref Unsafe.Add(ref br, j);
            var i = GateMath.Apply<TSimd, TVec>(rec, TSimd.Add(TSimd.Load(ref zi), TSimd.Load(ref bi)));
            var fg = GateMath.Apply<TSimd, TVec>(rec, TSimd.Add(TSimd.Load(ref zf), TSimd.Load(ref Unsafe.Add(ref bi, u))));
            var cc = GateMath.Apply<TSimd, TVec>(act, TSimd.Add(TSimd.Load(ref zc), TSimd.Load(ref Unsafe.Add(ref bi, 2 * u))));
            var o = GateMath.Apply<TSimd, TVec>(rec, TSimd.Add(TSimd.Load(ref zo), TSimd.Load(ref Unsafe.Add(ref bi, 3 * u))));
            TSimd.Store(i, ref zi);
            TSimd.Store(fg, ref zf);
            TSimd.Store(cc, ref zc);
            TSimd.Store(o, ref zo);
            var cell = TSimd.MultiplyAdd(fg, TSimd.Load(ref Unsafe.Add(ref cp, j)), TSimd.Multiply(i, cc));
            var cellAct = GateMath.Apply<TSimd, TVec>(act, cell);
            TSimd.Store(cell, ref Unsafe.Add(ref cr, j));
            TSimd.Store(cellAct, ref Unsafe.Add(ref tr, j));
            TSimd.Store(TSimd.Multiply(o, cellAct), ref Unsafe.Add(ref hr, j));
        }
    }

    private sealed class LstmGrad : Op
    {
        public static readonly LstmGrad Instance = new();

        public override string Name => "lstm";

        // per step, with dc the gradient of the cell state: dh -> do = dh act(c), dc += dh o act'(c); di = dc c~, df = dc c_prev,
        // dc~ = dc i, dc_prev = dc f; dz = (di, df, dc~, do) * the activations' derivatives; dh_prev = dz @ R^T; then over all
        // steps at once: dkernel = X^T dZ, drecurrent = Hprev^T dZ, dbias = column sums of dZ, dx = dZ @ kernel^T
        public override void Backward(Node node, Tensor gy, GradientStore grads)
        {
            Tensor x = node.Many[0], kernel = node.Many[1], recurrent = node.Many[2];
            var bias = RecurrentBias(node);
            var mask = RecurrentMask(node);
            int flags = node.I0;
            int n = x.Shape[0], t = x.Shape[1], f = x.Shape[2], u = recurrent.Shape[0], g = 4 * u, nt = n * t;
            int rows = OutputRows(t, flags), perSample = gy.Shape[1];
            bool needX = grads.Needs(x), needK = grads.Needs(kernel), needR = grads.Needs(recurrent), needB = bias is not null && grads.Needs(bias);
            if (!(needX || needK || needR || needB))
            {
                return;
            }

            var sv = node.Saved!.ReadOnlySpan;
            var gates = sv[..(nt * g)];
            var hPrev = sv.Slice(nt * g, nt * u);
            var cells = sv.Slice(nt * (g + u), nt * u);
            var cellOut = sv.Slice(nt * (g + (2 * u)), nt * u);
            var packed = Scratch.Get(Scratch.RecurrentWeights, Gemm.PrepackedLength(g, u)).AsSpan();
            Gemm.Prepack(recurrent.ReadOnlySpan, g, true, g, u, packed);

            // work: dZ [N, T, 4U] | dh [N, U] | dh_prev [N, U] | dc [N, U] | zero state [U]
            var work = Scratch.Get(Scratch.RecurrentWork, (nt * g) + (3 * n * u) + u).AsSpan();
            var dz = work[..(nt * g)];
            var dh = work.Slice(nt * g, n * u);
            var dhNext = work.Slice((nt * g) + (n * u), n * u);
            var dc = work.Slice((nt * g) + (2 * n * u), n * u);
            var zero = work.Slice((nt * g) + (3 * n * u), u);
            zero.Clear();
            var gs = gy.ReadOnlySpan;
            if ((flags & RecurrentState) != 0)
            {
                for (int s = 0; s < n; s++)
                {
                    gs.Slice(((s * perSample) + rows) * u, u).CopyTo(dh.Slice(s * u, u));
                    gs.Slice(((s * perSample) + rows + 1) * u, u).CopyTo(dc.Slice(s * u, u));
                }
            }
            else
            {
                dh.Clear();
                dc.Clear();
            }

            var m = mask is null ? default : mask.ReadOnlySpan;
            var act = CellActivation(node);
            var rec = GateActivationOf(node);
            var probe = node.Attributes as RecurrentProbe;
            int split = VectorPart(u);
            for (int p = t - 1; p >= 0; p--)
            {
                int tau = TimeOf(p, t, flags);
                int tauPrev = p > 0 ? TimeOf(p - 1, t, flags) : -1;
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
                    var dzRow = dz.Slice(at * g, g);
                    if (!m.IsEmpty && m[at] == 0f)
                    {
                        // A masked step passed its states through: so do their gradients (dh and dc stay as they are).
                        dzRow.Clear();
                        continue;
                    }

                    var a = gates.Slice(at * g, g);
                    var cPrev = p == 0 ? zero : cells.Slice(((s * t) + tauPrev) * u, u);
                    var tc = cellOut.Slice(at * u, u);
                    var dhs = dh.Slice(s * u, u);
                    var dcs = dc.Slice(s * u, u);
                    if (Simd.Use512)
                    {
                        LstmBackwardRow<Simd512, Vector512<float>>(a, cPrev, tc, dhs, dcs, dzRow, act, rec, 0, split);
                    }
                    else
                    {
                        LstmBackwardRow<Simd256, Vector256<float>>(a, cPrev, tc, dhs, dcs, dzRow, act, rec, 0, split);
                    }

                    LstmBackwardRow<SimdScalar, float>(a, cPrev, tc, dhs, dcs, dzRow, act, rec, split, u);
                }

                if (p == 0)
                {
                    break; // the initial state is a constant: no gradient flows further
                }

                // dh_{t-1} = dZ_t @ R^T; a masked row's dZ is 0, and its dh passes through instead.
                Gemm.MultiplyPrepacked(dz[(tau * g)..], t * g, false, packed, dhNext, u, n, u, g, accumulate: false);
                if (!m.IsEmpty)
                {
                    for (int s = 0; s < n; s++)
                    {
                        if (m[(s * t) + tau] == 0f)
                        {
                            dh.Slice(s * u, u).CopyTo(dhNext.Slice(s * u, u));
                        }
                    }
                }

                var swap = dh;
                dh = dhNext;
                dhNext = swap;
            }

            FinishRecurrentGradients(grads, x, kernel, recurrent, bias, dz, g, hPrev, needX, needK, needR, needB);
        }
    }

    // dc = dc + dh o act'(c); dz_o = dh act(c) rec'(o); dz_i = dc c~ rec'(i); dz_f = dc c_prev rec'(f); dz_c = dc i act'(c~); dc_prev = dc f
    private static void LstmBackwardRow<TSimd, TVec>(
        ReadOnlySpan<float> a, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> tc, ReadOnlySpan<float> dh, Span<float> dc, Span<float> dz,
        GateActivation act, GateActivation rec, int j0, int j1)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int u = dh.Length;
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float cp = ref MemoryMarshal.GetReference(cPrev);
        ref float tr = ref MemoryMarshal.GetReference(tc);
        ref float hr = ref MemoryMarshal.GetReference(dh);
        ref float dcr = ref MemoryMarshal.GetReference(dc);
        ref float zr = ref MemoryMarshal.GetReference(dz);
        for (int j = j0; j < j1; j += TSimd.Count)
        {
            ref float ai = ref Unsafe.Add(ref ar, j);
            var i = TSimd.Load(ref ai);
            var fg = TSimd.Load(ref Unsafe.Add(ref ai, u));
            var cc = TSimd.Load(ref Unsafe.Add(ref ai, 2 * u));
            var o = TSimd.Load(ref Unsafe.Add(ref ai, 3 * u));
            var cellAct = TSimd.Load(ref Unsafe.Add(ref tr, j));
            var dhv = TSimd.Load(ref Unsafe.Add(ref hr, j));
            ref float dcj = ref Unsafe.Add(ref dcr, j);
            var dct = TSimd.MultiplyAdd(TSimd.Multiply(dhv, o), GateMath.Derivative<TSimd, TVec>(act, cellAct), TSimd.Load(ref dcj));
            ref float zi = ref Unsafe.Add(ref zr, j);
            TSimd.Store(TSimd.Multiply(TSimd.Multiply(dct, cc), GateMath.Derivative<TSimd, TVec>(rec, i)), ref zi);
            TSimd.Store(TSimd.Multiply(TSimd.Multiply(dct, TSimd.Load(ref Unsafe.Add(ref cp, j))), GateMath.Derivative<TSimd, TVec>(rec, fg)), ref Unsafe.Add(ref zi, u));
            TSimd.Store(TSimd.Multiply(TSimd.Multiply(dct, i), GateMath.Derivative<TSimd, TVec>(act, cc)), ref Unsafe.Add(ref zi, 2 * u));
            TSimd.Store(TSimd.Multiply(TSimd.Multiply(dhv, cellAct), GateMath.Derivative<TSimd, TVec>(rec, o)), ref Unsafe.Add(ref zi, 3 * u));
            TSimd.Store(TSimd.Multiply(dct, fg), ref dcj);
        }
    }

    /// <summary>
    /// After the loop over time, with dZ <c>[N*T, G]</c> the gradients of the pre-activations that multiply x and the
    /// state before each step: dkernel = X^T dZ, drecurrent = Hprev^T dZ, dbias = column sums of dZ, dx = dZ kernel^T.
    /// </summary>
    private static void FinishRecurrentGradients(
        GradientStore grads, Tensor x, Tensor kernel, Tensor recurrent, Tensor? bias, ReadOnlySpan<float> dz, int g, ReadOnlySpan<float> hPrev,
        bool needX, bool needK, bool needR, bool needB)
    {
        int nt = x.Shape[0] * x.Shape[1], f = x.Shape[2], u = recurrent.Shape[0];
        if (needK)
        {
            var dk = grads.Slot(kernel, out bool acc);
            Gemm.Multiply(x.ReadOnlySpan, true, dz, false, dk.Span, f, g, nt, acc);
        }

        if (needR)
        {
            var dr = grads.Slot(recurrent, out bool acc);
            Gemm.Multiply(hPrev, true, dz, false, dr.Span, u, g, nt, acc);
        }

        if (needB)
        {
            var db = grads.Slot(bias!, out bool acc);
            AddColumnSums(dz, nt, g, g, db.Span, acc);
        }

        if (needX)
        {
            var dx = grads.Slot(x, out bool acc);
            Gemm.Multiply(dz, false, kernel.ReadOnlySpan, true, dx.Span, nt, f, g, acc);
        }
    }
}
