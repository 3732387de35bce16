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
    /// fused; large batches run their samples' recurrences on both cores. Where <paramref name="mask"/>
    /// (<c>[batch, time]</c>, 1 = real) is 0 the states carry over unchanged. Returns <c>[batch, rows + states, units]</c>
    /// as <see cref="RecurrentOptions"/> describes (states h, c).
    /// </summary>
    /// <param name="x"><c>[batch, time, features]</c>.</param>
    /// <param name="kernel"><c>[features, 4 * units]</c>.</param>
    /// <param name="recurrentKernel"><c>[units, 4 * units]</c>.</param>
    /// <param name="bias"><c>[4 * units]</c>, or null.</param>
    public static Tensor Lstm(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor? bias, Tensor? mask, RecurrentOptions options, RecurrentProbe? probe = null)
    {
        var (n, t, f, u) = CheckRecurrent("Lstm", x, kernel, recurrentKernel, bias, mask, 4, static u => new Shape(4 * u));
        int g = 4 * u, nt = n * t, flags = RecurrentFlags(options, bias, mask);
        var y = GradientTape.NewOutput(new Shape(n, OutputRows(t, flags) + (options.ReturnState ? 2 : 0), u));

        // Kept for the backward pass: gates [N, T, 4U] (the input projection, then the activated gates), the state
        // before each step hprev [N, T, U], the cell state after each step c [N, T, U] and activation(c) [N, T, U].
        var saved = GradientTape.NewOutput(new Shape(nt * (g + (3 * u))));
        Gemm.Multiply(x.ReadOnlySpan, false, kernel.ReadOnlySpan, false, saved.Span[..(nt * g)], nt, g, f);
        var packed = Scratch.Get(Scratch.RecurrentWeights, Gemm.PrepackedLength(u, g));
        Gemm.Prepack(recurrentKernel.ReadOnlySpan, g, false, u, g, packed);

        // work: bias (or zeros) [4U] | zero state [U] | the final h [N, U]
        var work = Scratch.Get(Scratch.RecurrentWork, g + u + (n * u));
        var b = work.AsSpan(0, g);
        if (bias is null)
        {
            b.Clear();
        }
        else
        {
            bias.ReadOnlySpan.CopyTo(b);
        }

        work.AsSpan(g, u).Clear();
        var loop = LstmForward.Current;
        loop.Start(saved, y, mask, packed, work, t, flags, options.Activation, options.RecurrentActivation);
        loop.RunAll(n, (long)nt * g * u);
        loop.Release();

        probe?.RecordForward(saved, mask, n, t, u, LstmKinds[(int)options.Activation][(int)options.RecurrentActivation], LstmGates);
        RecordRecurrent(LstmGrad.Instance, y, x, kernel, recurrentKernel, bias, mask, flags, options, saved, probe);

        return y;
    }

    /// <summary>The forward loop over time, for a range of samples.</summary>
    private sealed class LstmForward : RecurrentForward
    {
        [ThreadStatic]
        private static LstmForward? t_current;

        public static LstmForward Current => t_current ??= new();

        protected override void Run(int s0, int s1)
        {
            int n = _y.Shape[0], perSample = _y.Shape[1], u = _y.Shape[2], t = _steps, g = 4 * u, nt = n * t;
            int flags = _flags, rows = OutputRows(t, flags);
            var sv = _saved.Span;
            var gates = sv[..(nt * g)];
            var hPrev = sv.Slice(nt * g, nt * u);
            var cells = sv.Slice(nt * (g + u), nt * u);
            var cellOut = sv.Slice(nt * (g + (2 * u)), nt * u);
            var packed = _packed.AsSpan(0, Gemm.PrepackedLength(u, g));
            ReadOnlySpan<float> b = _work.AsSpan(0, g), zero = _work.AsSpan(g, u);
            var hLast = _work.AsSpan(g + u, n * u);
            var m = _mask is null ? default : _mask.ReadOnlySpan;
            var ys = _y.Span;
            int split = VectorPart(u);
            int tauPrev = -1;
            for (int p = 0; p < t; p++)
            {
                int tau = TimeOf(p, t, flags);
                int tauNext = p + 1 < t ? TimeOf(p + 1, t, flags) : -1;
                if (p == 0)
                {
                    for (int s = s0; s < s1; s++)
                    {
                        hPrev.Slice(((s * t) + tau) * u, u).Clear();
                    }
                }
                else
                {
                    // z += h_{t-1} @ recurrent_kernel, for the range's samples at once.
                    int first = (s0 * t) + tau;
                    Gemm.MultiplyPrepacked(hPrev[(first * u)..], t * u, false, packed, gates[(first * g)..], t * g, s1 - s0, g, u, accumulate: true);
                }

                int row = OutputRow(p, t, flags);
                for (int s = s0; s < s1; s++)
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
                            LstmForwardRow<Simd512, Vector512<float>>(z, b, cPrev, c, tc, h, _act, _rec, 0, split);
                        }
                        else
                        {
                            LstmForwardRow<Simd256, Vector256<float>>(z, b, cPrev, c, tc, h, _act, _rec, 0, split);
                        }

                        LstmForwardRow<SimdScalar, float>(z, b, cPrev, c, tc, h, _act, _rec, split, u);
                    }

                    WriteRecurrentOutput(ys, s, row, perSample, u, h, masked, flags);
                }

                tauPrev = tau;
            }

            if ((flags & RecurrentState) != 0)
            {
                for (int s = s0; s < s1; s++)
                {
                    hLast.Slice(s * u, u).CopyTo(ys.Slice(((s * perSample) + rows) * u, u));
                    cells.Slice(((s * t) + tauPrev) * u, u).CopyTo(ys.Slice(((s * perSample) + rows + 1) * u, u));
                }
            }
        }
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
            int n = x.Shape[0], t = x.Shape[1], u = recurrent.Shape[0], g = 4 * u, nt = n * t;
            bool needX = grads.Needs(x), needK = grads.Needs(kernel), needR = grads.Needs(recurrent), needB = bias is not null && grads.Needs(bias);
            if (!(needX || needK || needR || needB))
            {
                return;
            }

            var packed = Scratch.Get(Scratch.RecurrentWeights, Gemm.PrepackedLength(g, u));
            Gemm.Prepack(recurrent.ReadOnlySpan, g, true, g, u, packed);

            // work: dZ [N, T, 4U] | dh [N, U] | dc [N, U] | zero state [U] | squared norms of dh at the last and first steps [2N]
            var work = Scratch.Get(Scratch.RecurrentWork, (nt * g) + (2 * n * u) + u + (2 * n));
            work.AsSpan((nt * g) + (2 * n * u), u).Clear();
            var loop = LstmBackward.Current;
            loop.Start(node, gy, packed, work);
            loop.RunAll(n, (long)nt * g * u);
            loop.Release();
            RecordHiddenGradients(node.Attributes as RecurrentProbe, work.AsSpan((nt * g) + (2 * n * u) + u, 2 * n));

            var hPrev = node.Saved!.ReadOnlySpan.Slice(nt * g, nt * u);
            FinishRecurrentGradients(grads, x, kernel, recurrent, bias, work.AsSpan(0, nt * g), g, hPrev, needX, needK, needR, needB);
        }
    }

    /// <summary>The backward loop over time, for a range of samples.</summary>
    private sealed class LstmBackward : SampleRanges
    {
        [ThreadStatic]
        private static LstmBackward? t_current;

        private Node _node = null!;
        private Tensor _gy = null!;
        private float[] _packed = null!;
        private float[] _work = null!;

        public static LstmBackward Current => t_current ??= new();

        public void Start(Node node, Tensor gy, float[] packed, float[] work) => (_node, _gy, _packed, _work) = (node, gy, packed, work);

        public void Release() => (_node, _gy) = (null!, null!);

        protected override void Run(int s0, int s1)
        {
            var node = _node;
            Tensor x = node.Many[0], recurrent = node.Many[2];
            var mask = RecurrentMask(node);
            int flags = node.I0;
            int n = x.Shape[0], t = x.Shape[1], u = recurrent.Shape[0], g = 4 * u, nt = n * t;
            int rows = OutputRows(t, flags), perSample = _gy.Shape[1];
            var sv = node.Saved!.ReadOnlySpan;
            var gates = sv[..(nt * g)];
            var cells = sv.Slice(nt * (g + u), nt * u);
            var cellOut = sv.Slice(nt * (g + (2 * u)), nt * u);
            var packed = _packed.AsSpan(0, Gemm.PrepackedLength(g, u));
            var work = _work.AsSpan();
            var dz = work[..(nt * g)];
            var dh = work.Slice(nt * g, n * u);
            var dc = work.Slice((nt * g) + (n * u), n * u);
            ReadOnlySpan<float> zero = work.Slice((nt * g) + (2 * n * u), u);
            var norms = work.Slice((nt * g) + (2 * n * u) + u, 2 * n);
            var gs = _gy.ReadOnlySpan;
            for (int s = s0; s < s1; s++)
            {
                if ((flags & RecurrentState) != 0)
                {
                    gs.Slice(((s * perSample) + rows) * u, u).CopyTo(dh.Slice(s * u, u));
                    gs.Slice(((s * perSample) + rows + 1) * u, u).CopyTo(dc.Slice(s * u, u));
                }
                else
                {
                    dh.Slice(s * u, u).Clear();
                    dc.Slice(s * u, u).Clear();
                }
            }

            var m = mask is null ? default : mask.ReadOnlySpan;
            var act = CellActivation(node);
            var rec = GateActivationOf(node);
            int split = VectorPart(u);
            for (int p = t - 1; p >= 0; p--)
            {
                int tau = TimeOf(p, t, flags);
                int tauPrev = p > 0 ? TimeOf(p - 1, t, flags) : -1;
                int row = OutputRow(p, t, flags);
                for (int s = s0; s < s1; s++)
                {
                    int at = (s * t) + tau;
                    bool masked = !m.IsEmpty && m[at] == 0f;
                    var dhs = dh.Slice(s * u, u);
                    AddRecurrentOutputGradient(gs, dhs, s, row, perSample, u, masked, flags);
                    RecordSquaredNorm(norms, dhs, s, n, p, t);
                    var dzRow = dz.Slice(at * g, g);
                    if (masked)
                    {
                        // A masked step passed its states through: so do their gradients (dh and dc stay as they are).
                        dzRow.Clear();
                        continue;
                    }

                    var a = gates.Slice(at * g, g);
                    var cPrev = p == 0 ? zero : cells.Slice(((s * t) + tauPrev) * u, u);
                    var tc = cellOut.Slice(at * u, u);
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

                // dh_{t-1} = dZ_t @ R^T: the rows just used were cleared; a masked row adds 0 to the dh it passes through.
                int first = (s0 * t) + tau;
                Gemm.MultiplyPrepacked(dz[(first * g)..], t * g, false, packed, dh[(s0 * u)..], u, s1 - s0, u, g, accumulate: true);
            }
        }
    }

    // dc = dc + dh o act'(c); dz_o = dh act(c) rec'(o); dz_i = dc c~ rec'(i); dz_f = dc c_prev rec'(f); dz_c = dc i act'(c~);
    // dc_prev = dc f; dh = 0 (all of dh_prev comes through R)
    private static void LstmBackwardRow<TSimd, TVec>(
        ReadOnlySpan<float> a, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> tc, Span<float> dh, Span<float> dc, Span<float> dz,
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
            ref float dhj = ref Unsafe.Add(ref hr, j);
            var dhv = TSimd.Load(ref dhj);
            ref float dcj = ref Unsafe.Add(ref dcr, j);
            var dct = TSimd.MultiplyAdd(TSimd.Multiply(dhv, o), GateMath.Derivative<TSimd, TVec>(act, cellAct), TSimd.Load(ref dcj));
            ref float zi = ref Unsafe.Add(ref zr, j);
            TSimd.Store(TSimd.Multiply(TSimd.Multiply(dct, cc), GateMath.Derivative<TSimd, TVec>(rec, i)), ref zi);
            TSimd.Store(TSimd.Multiply(TSimd.Multiply(dct, TSimd.Load(ref Unsafe.Add(ref cp, j))), GateMath.Derivative<TSimd, TVec>(rec, fg)), ref Unsafe.Add(ref zi, u));
            TSimd.Store(TSimd.Multiply(TSimd.Multiply(dct, i), GateMath.Derivative<TSimd, TVec>(act, cc)), ref Unsafe.Add(ref zi, 2 * u));
            TSimd.Store(TSimd.Multiply(TSimd.Multiply(dhv, cellAct), GateMath.Derivative<TSimd, TVec>(rec, o)), ref Unsafe.Add(ref zi, 3 * u));
            TSimd.Store(TSimd.Multiply(dct, fg), ref dcj);
            TSimd.Store(TSimd.Zero, ref dhj);
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
