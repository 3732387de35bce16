using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    private static readonly GateActivation[][][] GruKinds = BuildKinds(3, [false, false, true]);
    private static readonly string[] GruGates = ["z", "r", "h"];

    /// <summary>
    /// A whole GRU layer in one op, as Keras computes it (gates z, r, h; zero initial state):
    /// <c>z = rec(x_z + h R_z + b)</c>, <c>r = rec(x_r + h R_r + b)</c>, and with <paramref name="resetAfter"/> (Keras's
    /// default, bias <c>[2, 3 * units]</c>: input bias, recurrent bias) <c>h~ = act(x_h + r * (h R_h + b_rec))</c>, without it
    /// (bias <c>[3 * units]</c>) <c>h~ = act(x_h + (r * h) R_h)</c>; then <c>h = z * h + (1 - z) * h~</c>. One GEMM projects
    /// every step's input, each step multiplies by the recurrent kernel packed once, and the gate math is fused. Where
    /// <paramref name="mask"/> is 0 the state carries over. Returns <c>[batch, rows + states, units]</c> (state h).
    /// </summary>
    /// <param name="x"><c>[batch, time, features]</c>.</param>
    /// <param name="kernel"><c>[features, 3 * units]</c>.</param>
    /// <param name="recurrentKernel"><c>[units, 3 * units]</c>.</param>
    public static Tensor Gru(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor? bias, Tensor? mask, RecurrentOptions options, bool resetAfter = true, RecurrentProbe? probe = null)
    {
        var (n, t, f, u) = resetAfter
            ? CheckRecurrent("Gru", x, kernel, recurrentKernel, bias, mask, 3, static u => new Shape(2, 3 * u))
            : CheckRecurrent("Gru", x, kernel, recurrentKernel, bias, mask, 3, static u => new Shape(3 * u));
        int g = 3 * u, nt = n * t, flags = RecurrentFlags(options, bias, mask) | (resetAfter ? RecurrentResetAfter : 0);
        var y = GradientTape.NewOutput(new Shape(n, OutputRows(t, flags) + (options.ReturnState ? 1 : 0), u));

        // Kept: gates [N, T, 3U] (the input projection, then z, r, h~), hprev [N, T, U], and [N, T, U] of either
        // h R_h + b_rec (reset after) or r * h (reset before).
        var saved = GradientTape.NewOutput(new Shape(nt * (g + (2 * u))));
        Gemm.Multiply(x.ReadOnlySpan, false, kernel.ReadOnlySpan, false, saved.Span[..(nt * g)], nt, g, f);
        var rk = recurrentKernel.ReadOnlySpan;
        int zrLength = Gemm.PrepackedLength(u, 2 * u);
        var packed = Scratch.Get(Scratch.RecurrentWeights, resetAfter ? Gemm.PrepackedLength(u, g) : zrLength + Gemm.PrepackedLength(u, u));
        if (resetAfter)
        {
            Gemm.Prepack(rk, g, false, u, g, packed);
        }
        else
        {
            Gemm.Prepack(rk, g, false, u, 2 * u, packed);
            Gemm.Prepack(rk[(2 * u)..], g, false, u, u, packed.AsSpan(zrLength));
        }

        // work: input bias [3U] | recurrent bias [3U] | the final h [N, U] | h R + b_rec [N, 3U] (reset after)
        var work = Scratch.Get(Scratch.RecurrentWork, (2 * g) + (n * u) + (resetAfter ? n * g : 0));
        var bIn = work.AsSpan(0, g);
        var bRec = work.AsSpan(g, g);
        bIn.Clear();
        bRec.Clear();
        if (bias is not null)
        {
            bias.ReadOnlySpan[..g].CopyTo(bIn);
            if (resetAfter)
            {
                bias.ReadOnlySpan[g..].CopyTo(bRec);
            }
        }

        var loop = GruForward.Current;
        loop.Start(saved, y, mask, packed, work, t, flags, options.Activation, options.RecurrentActivation);
        loop.RunAll(n, (long)nt * g * u);
        loop.Release();

        probe?.RecordForward(saved, mask, n, t, u, GruKinds[(int)options.Activation][(int)options.RecurrentActivation], GruGates);
        RecordRecurrent(GruGrad.Instance, y, x, kernel, recurrentKernel, bias, mask, flags, options, saved, probe);

        return y;
    }

    /// <summary>The forward loop over time, for a range of samples.</summary>
    private sealed class GruForward : RecurrentForward
    {
        [ThreadStatic]
        private static GruForward? t_current;

        public static GruForward Current => t_current ??= new();

        protected override void Run(int s0, int s1)
        {
            int n = _y.Shape[0], perSample = _y.Shape[1], u = _y.Shape[2], t = _steps, g = 3 * u, nt = n * t, m0 = s1 - s0;
            int flags = _flags, rows = OutputRows(t, flags);
            bool resetAfter = (flags & RecurrentResetAfter) != 0;
            var sv = _saved.Span;
            var gates = sv[..(nt * g)];
            var hPrev = sv.Slice(nt * g, nt * u);
            var inner = sv.Slice(nt * (g + u), nt * u);
            int zrLength = Gemm.PrepackedLength(u, 2 * u);
            var packed = _packed.AsSpan();
            ReadOnlySpan<float> bIn = _work.AsSpan(0, g), bRec = _work.AsSpan(g, g);
            var hLast = _work.AsSpan(2 * g, n * u);
            var hr = resetAfter ? _work.AsSpan((2 * g) + (n * u), n * g) : default;
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

                if (resetAfter)
                {
                    // h R for the range's samples at once (0 at the first step).
                    if (p == 0)
                    {
                        hr.Slice(s0 * g, m0 * g).Clear();
                    }
                    else
                    {
                        Gemm.MultiplyPrepacked(hPrev[(first * u)..], t * u, false, packed, hr[(s0 * g)..], g, m0, g, u, accumulate: false);
                    }
                }
                else if (p > 0)
                {
                    // z, r pre-activations += h R_zr.
                    Gemm.MultiplyPrepacked(hPrev[(first * u)..], t * u, false, packed, gates[(first * g)..], t * g, m0, 2 * u, u, accumulate: true);
                }

                // Reset before: r * h first, then (r * h) R_h for the range, then the candidate and the new state.
                int row = OutputRow(p, t, flags);
                for (int pass = resetAfter ? 1 : 0; pass < 2; pass++)
                {
                    if (pass == 1 && !resetAfter && p > 0)
                    {
                        Gemm.MultiplyPrepacked(inner[(first * u)..], t * u, false, packed[zrLength..], gates[((first * g) + (2 * u))..], t * g, m0, u, u, accumulate: true);
                    }

                    for (int s = s0; s < s1; s++)
                    {
                        int at = (s * t) + tau;
                        bool masked = !m.IsEmpty && m[at] == 0f;
                        var hp = hPrev.Slice(at * u, u);
                        var h = tauNext >= 0 ? hPrev.Slice(((s * t) + tauNext) * u, u) : hLast.Slice(s * u, u);
                        var io = inner.Slice(at * u, u);
                        if (masked)
                        {
                            if (pass == 1)
                            {
                                hp.CopyTo(h);
                                WriteRecurrentOutput(ys, s, row, perSample, u, h, masked, flags);
                            }
                            else
                            {
                                io.Clear(); // r * h of a masked step meets a zero gradient: keep it finite
                            }

                            continue;
                        }

                        var z = gates.Slice(at * g, g);
                        var hrRow = resetAfter ? hr.Slice(s * g, g) : default;
                        if (Simd.Use512)
                        {
                            GruForwardRow<Simd512, Vector512<float>>(pass, z, bIn, bRec, hrRow, hp, io, h, _act, _rec, 0, split);
                        }
                        else
                        {
                            GruForwardRow<Simd256, Vector256<float>>(pass, z, bIn, bRec, hrRow, hp, io, h, _act, _rec, 0, split);
                        }

                        GruForwardRow<SimdScalar, float>(pass, z, bIn, bRec, hrRow, hp, io, h, _act, _rec, split, u);
                        if (pass == 1)
                        {
                            WriteRecurrentOutput(ys, s, row, perSample, u, h, masked, flags);
                        }
                    }
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

    // Pass 0 (reset before only): z, r = rec(x + b + h R_zr) and r * h. Pass 1: reset after, z, r = rec(x + b_in + h R + b_rec),
    // h~ = act(x_h + b_in + r * (h R_h + b_rec)); reset before, h~ = act(x_h + b + (r * h) R_h); h = z h_prev + (1 - z) h~.
    private static void GruForwardRow<TSimd, TVec>(
        int pass, Span<float> z, ReadOnlySpan<float> bIn, ReadOnlySpan<float> bRec, ReadOnlySpan<float> hr, ReadOnlySpan<float> hPrev,
        Span<float> inner, Span<float> h, GateActivation act, GateActivation rec, int j0, int j1)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int u = h.Length;
        bool resetAfter = !hr.IsEmpty;
        ref float zr = ref MemoryMarshal.GetReference(z);
        ref float bi = ref MemoryMarshal.GetReference(bIn);
        ref float br = ref MemoryMarshal.GetReference(bRec);
        ref float hrr = ref MemoryMarshal.GetReference(hr);
        ref float hp = ref MemoryMarshal.GetReference(hPrev);
        ref float ir = ref MemoryMarshal.GetReference(inner);
        ref float hOut = ref MemoryMarshal.GetReference(h);
        for (int j = j0; j < j1; j += TSimd.Count)
        {
            ref float zz = ref Unsafe.Add(ref zr, j);
            ref float zrr = ref Unsafe.Add(ref zz, u);
            ref float zh = ref Unsafe.Add(ref zrr, u);
            var hpv = TSimd.Load(ref Unsafe.Add(ref hp, j));
            if (pass == 0)
            {
                var zg = GateMath.Apply<TSimd, TVec>(rec, TSimd.Add(TSimd.Load(ref zz), TSimd.Load(ref Unsafe.Add(ref bi, j))));
                var rg = GateMath.Apply<TSimd, TVec>(rec, TSimd.Add(TSimd.Load(ref zrr), TSimd.Load(ref Unsafe.Add(ref bi, u + j))));
                TSimd.Store(zg, ref zz);
                TSimd.Store(rg, ref zrr);
                TSimd.Store(TSimd.Multiply(rg, hpv), ref Unsafe.Add(ref ir, j));
                continue;
            }

            TVec zgate, candidate;
            if (resetAfter)
            {
                ref float hz = ref Unsafe.Add(ref hrr, j);
                zgate = GateMath.Apply<TSimd, TVec>(rec, TSimd.Add(
                    TSimd.Add(TSimd.Load(ref zz), TSimd.Load(ref Unsafe.Add(ref bi, j))),
                    TSimd.Add(TSimd.Load(ref hz), TSimd.Load(ref Unsafe.Add(ref br, j)))));
                var rg = GateMath.Apply<TSimd, TVec>(rec, TSimd.Add(
                    TSimd.Add(TSimd.Load(ref zrr), TSimd.Load(ref Unsafe.Add(ref bi, u + j))),
                    TSimd.Add(TSimd.Load(ref Unsafe.Add(ref hz, u)), TSimd.Load(ref Unsafe.Add(ref br, u + j)))));
                var ih = TSimd.Add(TSimd.Load(ref Unsafe.Add(ref hz, 2 * u)), TSimd.Load(ref Unsafe.Add(ref br, (2 * u) + j)));
                candidate = GateMath.Apply<TSimd, TVec>(act, TSimd.MultiplyAdd(rg, ih, TSimd.Add(TSimd.Load(ref zh), TSimd.Load(ref Unsafe.Add(ref bi, (2 * u) + j)))));
                TSimd.Store(zgate, ref zz);
                TSimd.Store(rg, ref zrr);
                TSimd.Store(ih, ref Unsafe.Add(ref ir, j));
            }
            else
            {
                zgate = TSimd.Load(ref zz);
                candidate = GateMath.Apply<TSimd, TVec>(act, TSimd.Add(TSimd.Load(ref zh), TSimd.Load(ref Unsafe.Add(ref bi, (2 * u) + j))));
            }

            TSimd.Store(candidate, ref zh);

            // z h_prev + (1 - z) h~ = h~ + z (h_prev - h~)
            TSimd.Store(TSimd.MultiplyAdd(zgate, TSimd.Subtract(hpv, candidate), candidate), ref Unsafe.Add(ref hOut, j));
        }
    }

    private sealed class GruGrad : Op
    {
        public static readonly GruGrad Instance = new();

        public override string Name => "gru";

        // per step: dh~ = dh (1 - z) act'(h~); dz = dh (h_prev - h~) rec'(z); dh_prev = dh z + ...; reset after: dr = dh~ (hR_h + b_rec) rec'(r),
        // d(hR_h) = dh~ r, dh_prev += (dz, dr, d(hR_h)) @ R^T; reset before: d(rh) = dh~ @ R_h^T, dr = d(rh) h_prev rec'(r),
        // dh_prev += d(rh) r + (dz, dr) @ R_zr^T. After the loop: dkernel = X^T dZx, drecurrent = Hprev^T dZh (reset before:
        // the h block from (r h)^T dh~), dbias = column sums, dx = dZx kernel^T
        public override void Backward(Node node, Tensor gy, GradientStore grads)
        {
            Tensor x = node.Many[0], kernel = node.Many[1], recurrent = node.Many[2];
            var bias = RecurrentBias(node);
            bool resetAfter = (node.I0 & RecurrentResetAfter) != 0;
            int n = x.Shape[0], t = x.Shape[1], u = recurrent.Shape[0], g = 3 * u, nt = n * t;
            bool needX = grads.Needs(x), needK = grads.Needs(kernel), needR = grads.Needs(recurrent), needB = bias is not null && grads.Needs(bias);
            if (!(needX || needK || needR || needB))
            {
                return;
            }

            var rk = recurrent.ReadOnlySpan;

            // R^T packed: reset after, all of it [3U, U]; reset before, R_zr^T [2U, U] then R_h^T [U, U].
            int zrLength = Gemm.PrepackedLength(2 * u, u);
            var packed = Scratch.Get(Scratch.RecurrentWeights, resetAfter ? Gemm.PrepackedLength(g, u) : zrLength + Gemm.PrepackedLength(u, u));
            if (resetAfter)
            {
                Gemm.Prepack(rk, g, true, g, u, packed);
            }
            else
            {
                Gemm.Prepack(rk, g, true, 2 * u, u, packed);
                Gemm.Prepack(rk[(2 * u)..], g, true, u, u, packed.AsSpan(zrLength));
            }

            // work: dZx [N, T, 3U] (what multiplied x) | dZh [N, T, 3U] (what multiplied h, reset after) | dh [N, U] | d(rh) [N, U]
            // | squared norms of dh at the last and first steps [2N]
            int offset = nt * g * (resetAfter ? 2 : 1);
            var work = Scratch.Get(Scratch.RecurrentWork, offset + (2 * n * u) + (2 * n));
            var loop = GruBackward.Current;
            loop.Start(node, gy, packed, work);
            loop.RunAll(n, (long)nt * g * u);
            loop.Release();
            RecordHiddenGradients(node.Attributes as RecurrentProbe, work.AsSpan(offset + (2 * n * u), 2 * n));

            var sv = node.Saved!.ReadOnlySpan;
            var hPrev = sv.Slice(nt * g, nt * u);
            var inner = sv.Slice(nt * (g + u), nt * u);
            var dzx = work.AsSpan(0, nt * g);
            var dzh = resetAfter ? work.AsSpan(nt * g, nt * g) : dzx;
            if (needK)
            {
                var dk = grads.Slot(kernel, out bool acc);
                Gemm.Multiply(x.ReadOnlySpan, true, dzx, false, dk.Span, x.Shape[2], g, nt, acc);
            }

            if (needR)
            {
                var dr = grads.Slot(recurrent, out bool acc);
                if (resetAfter)
                {
                    Gemm.Multiply(hPrev, true, dzh, false, dr.Span, u, g, nt, acc);
                }
                else
                {
                    Gemm.MultiplyStrided(hPrev, u, true, dzx, g, false, dr.Span, g, u, 2 * u, nt, acc);
                    Gemm.MultiplyStrided(inner, u, true, dzx[(2 * u)..], g, false, dr.Span[(2 * u)..], g, u, u, nt, acc);
                }
            }

            if (needB)
            {
                var db = grads.Slot(bias!, out bool acc);
                AddColumnSums(dzx, nt, g, g, db.Span, acc);
                if (resetAfter)
                {
                    AddColumnSums(dzh, nt, g, g, db.Span[g..], acc);
                }
            }

            if (needX)
            {
                var dxs = grads.Slot(x, out bool acc);
                Gemm.Multiply(dzx, false, kernel.ReadOnlySpan, true, dxs.Span, nt, x.Shape[2], g, acc);
            }
        }
    }

    /// <summary>The backward loop over time, for a range of samples.</summary>
    private sealed class GruBackward : SampleRanges
    {
        [ThreadStatic]
        private static GruBackward? t_current;

        private Node _node = null!;
        private Tensor _gy = null!;
        private float[] _packed = null!;
        private float[] _work = null!;

        public static GruBackward Current => t_current ??= new();

        public void Start(Node node, Tensor gy, float[] packed, float[] work) => (_node, _gy, _packed, _work) = (node, gy, packed, work);

        public void Release() => (_node, _gy) = (null!, null!);

        protected override void Run(int s0, int s1)
        {
            var node = _node;
            Tensor x = node.Many[0], recurrent = node.Many[2];
            var mask = RecurrentMask(node);
            int flags = node.I0;
            bool resetAfter = (flags & RecurrentResetAfter) != 0;
            int n = x.Shape[0], t = x.Shape[1], u = recurrent.Shape[0], g = 3 * u, nt = n * t, m0 = s1 - s0;
            int rows = OutputRows(t, flags), perSample = _gy.Shape[1];
            var sv = node.Saved!.ReadOnlySpan;
            var gates = sv[..(nt * g)];
            var hPrev = sv.Slice(nt * g, nt * u);
            var inner = sv.Slice(nt * (g + u), nt * u);
            int zrLength = Gemm.PrepackedLength(2 * u, u);
            var packed = _packed.AsSpan();
            var work = _work.AsSpan();
            var dzx = work[..(nt * g)];
            var dzh = resetAfter ? work.Slice(nt * g, nt * g) : dzx;
            int offset = nt * g * (resetAfter ? 2 : 1);
            var dh = work.Slice(offset, n * u);
            var drh = work.Slice(offset + (n * u), n * u);
            var norms = work.Slice(offset + (2 * n * u), 2 * n);
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
            var rec = GateActivationOf(node);
            int split = VectorPart(u);
            for (int p = t - 1; p >= 0; p--)
            {
                int tau = TimeOf(p, t, flags);
                int row = OutputRow(p, t, flags);
                int first = (s0 * t) + tau;
                for (int s = s0; s < s1; s++)
                {
                    bool masked = !m.IsEmpty && m[(s * t) + tau] == 0f;
                    AddRecurrentOutputGradient(gs, dh.Slice(s * u, u), s, row, perSample, u, masked, flags);
                    RecordSquaredNorm(norms, dh.Slice(s * u, u), s, n, p, t);
                }

                // Pass 0: the gradients that need only dh; reset before, then d(rh) = dh~ @ R_h^T and pass 1 for dr.
                for (int pass = 0; pass < (resetAfter ? 1 : 2); pass++)
                {
                    if (pass == 1)
                    {
                        Gemm.MultiplyPrepacked(dzx[((first * g) + (2 * u))..], t * g, false, packed[zrLength..], drh[(s0 * u)..], u, m0, u, u, accumulate: false);
                    }

                    for (int s = s0; s < s1; s++)
                    {
                        int at = (s * t) + tau;
                        if (!m.IsEmpty && m[at] == 0f)
                        {
                            // The state passed through: dh stays as it is.
                            if (pass == 0)
                            {
                                dzx.Slice(at * g, g).Clear();
                                if (resetAfter)
                                {
                                    dzh.Slice(at * g, g).Clear();
                                }
                            }

                            continue;
                        }

                        var a = gates.Slice(at * g, g);
                        var hp = hPrev.Slice(at * u, u);
                        var io = inner.Slice(at * u, u);
                        var dhs = dh.Slice(s * u, u);
                        var dx = dzx.Slice(at * g, g);
                        var dhRow = resetAfter ? dzh.Slice(at * g, g) : default;
                        var drhRow = resetAfter ? default : drh.Slice(s * u, u);
                        if (Simd.Use512)
                        {
                            GruBackwardRow<Simd512, Vector512<float>>(pass, a, hp, io, dhs, dx, dhRow, drhRow, act, rec, 0, split);
                        }
                        else
                        {
                            GruBackwardRow<Simd256, Vector256<float>>(pass, a, hp, io, dhs, dx, dhRow, drhRow, act, rec, 0, split);
                        }

                        GruBackwardRow<SimdScalar, float>(pass, a, hp, io, dhs, dx, dhRow, drhRow, act, rec, split, u);
                    }
                }

                if (p == 0)
                {
                    break;
                }

                // dh_prev += dZ_t @ R^T (masked rows add 0 and keep the dh they passed through).
                if (resetAfter)
                {
                    Gemm.MultiplyPrepacked(dzh[(first * g)..], t * g, false, packed, dh[(s0 * u)..], u, m0, u, g, accumulate: true);
                }
                else
                {
                    Gemm.MultiplyPrepacked(dzx[(first * g)..], t * g, false, packed, dh[(s0 * u)..], u, m0, u, 2 * u, accumulate: true);
                }
            }
        }
    }

    // Pass 0: dh~ = dh (1 - z) act'(h~), dz = dh (h_prev - h~) rec'(z); reset after also dr = dh~ (hR_h + b_rec) rec'(r) and
    // d(hR_h) = dh~ r; then dh = dh z (the direct path). Pass 1 (reset before): dr = d(rh) h_prev rec'(r), dh += d(rh) r.
    private static void GruBackwardRow<TSimd, TVec>(
        int pass, ReadOnlySpan<float> a, ReadOnlySpan<float> hPrev, ReadOnlySpan<float> inner, Span<float> dh, Span<float> dzx, Span<float> dzh,
        ReadOnlySpan<float> drh, GateActivation act, GateActivation rec, int j0, int j1)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        int u = dh.Length;
        bool resetAfter = !dzh.IsEmpty;
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float hp = ref MemoryMarshal.GetReference(hPrev);
        ref float ir = ref MemoryMarshal.GetReference(inner);
        ref float dhr = ref MemoryMarshal.GetReference(dh);
        ref float dxr = ref MemoryMarshal.GetReference(dzx);
        ref float dhz = ref MemoryMarshal.GetReference(dzh);
        ref float drr = ref MemoryMarshal.GetReference(drh);
        for (int j = j0; j < j1; j += TSimd.Count)
        {
            ref float az = ref Unsafe.Add(ref ar, j);
            var zg = TSimd.Load(ref az);
            var rg = TSimd.Load(ref Unsafe.Add(ref az, u));
            ref float dhj = ref Unsafe.Add(ref dhr, j);
            ref float dxz = ref Unsafe.Add(ref dxr, j);
            if (pass == 1)
            {
                var d = TSimd.Load(ref Unsafe.Add(ref drr, j));
                TSimd.Store(TSimd.Multiply(TSimd.Multiply(d, TSimd.Load(ref Unsafe.Add(ref hp, j))), GateMath.Derivative<TSimd, TVec>(rec, rg)), ref Unsafe.Add(ref dxz, u));
                TSimd.Store(TSimd.MultiplyAdd(d, rg, TSimd.Load(ref dhj)), ref dhj);
                continue;
            }

            var cand = TSimd.Load(ref Unsafe.Add(ref az, 2 * u));
            var hpv = TSimd.Load(ref Unsafe.Add(ref hp, j));
            var dhv = TSimd.Load(ref dhj);
            var dCand = TSimd.Multiply(TSimd.Multiply(dhv, TSimd.Subtract(TSimd.Broadcast(1f), zg)), GateMath.Derivative<TSimd, TVec>(act, cand));
            var dz = TSimd.Multiply(TSimd.Multiply(dhv, TSimd.Subtract(hpv, cand)), GateMath.Derivative<TSimd, TVec>(rec, zg));
            TSimd.Store(dz, ref dxz);
            TSimd.Store(dCand, ref Unsafe.Add(ref dxz, 2 * u));
            if (resetAfter)
            {
                var dr = TSimd.Multiply(TSimd.Multiply(dCand, TSimd.Load(ref Unsafe.Add(ref ir, j))), GateMath.Derivative<TSimd, TVec>(rec, rg));
                TSimd.Store(dr, ref Unsafe.Add(ref dxz, u));
                ref float dhzj = ref Unsafe.Add(ref dhz, j);
                TSimd.Store(dz, ref dhzj);
                TSimd.Store(dr, ref Unsafe.Add(ref dhzj, u));
                TSimd.Store(TSimd.Multiply(dCand, rg), ref Unsafe.Add(ref dhzj, 2 * u));
            }

            TSimd.Store(TSimd.Multiply(dhv, zg), ref dhj);
        }
    }
}
