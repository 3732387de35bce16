using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OneBatch.Kernels;

/// <summary>
/// The elementwise update rules of the optimizers, vectorized. Each vector lane performs exactly the operations of
/// the scalar tail, in the same order and without fused multiply-adds, so results do not depend on the vector width.
/// </summary>
public static class OptimizerUpdates
{
    /// <summary>
    /// Keras Adam: <c>m += (g - m)(1 - b1)</c>, <c>v += (g^2 - v)(1 - b2)</c>, <c>w -= alpha * m / (sqrt(v) + eps)</c>.
    /// </summary>
    public static void Adam(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float alpha, float beta1, float beta2, float epsilon)
    {
        CheckLengths(w.Length, g.Length, m.Length, v.Length);
        if (TeamElementwise.Worth(w.Length))
        {
            TeamElementwise.Adam(w, g[..w.Length], m[..w.Length], v[..w.Length], alpha, beta1, beta2, epsilon);
            return;
        }

        AdamCore(w, g, m, v, alpha, beta1, beta2, epsilon);
    }

    /// <summary><see cref="Adam"/> on the calling thread, spans checked.</summary>
    internal static void AdamCore(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float alpha, float beta1, float beta2, float epsilon)
    {
        int i = Simd.Use512
            ? AdamVector<Simd512, Vector512<float>>(w, g, m, v, alpha, beta1, beta2, epsilon)
            : AdamVector<Simd256, Vector256<float>>(w, g, m, v, alpha, beta1, beta2, epsilon);
        float c1 = 1f - beta1, c2 = 1f - beta2;
        for (; i < w.Length; i++)
        {
            float gi = g[i];
            float mi = m[i] + ((gi - m[i]) * c1);
            float vi = v[i] + (((gi * gi) - v[i]) * c2);
            m[i] = mi;
            v[i] = vi;
            w[i] -= alpha * mi / (MathF.Sqrt(vi) + epsilon);
        }
    }

    /// <summary>Keras RMSprop without momentum: <c>v = rho v + (1 - rho) g^2</c>, <c>w -= lr g / sqrt(v + eps)</c>.</summary>
    public static void RmsProp(Span<float> w, ReadOnlySpan<float> g, Span<float> v, float learningRate, float rho, float epsilon)
    {
        CheckLengths(w.Length, g.Length, v.Length, v.Length);
        int i = Simd.Use512
            ? RmsPropVector<Simd512, Vector512<float>>(w, g, v, learningRate, rho, epsilon)
            : RmsPropVector<Simd256, Vector256<float>>(w, g, v, learningRate, rho, epsilon);
        for (; i < w.Length; i++)
        {
            float vi = (rho * v[i]) + ((1f - rho) * g[i] * g[i]);
            v[i] = vi;
            w[i] -= learningRate * g[i] / MathF.Sqrt(vi + epsilon);
        }
    }

    private static int AdamVector<TSimd, TVec>(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float alpha, float beta1, float beta2, float epsilon)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        TVec c1 = TSimd.Broadcast(1f - beta1), c2 = TSimd.Broadcast(1f - beta2);
        TVec a = TSimd.Broadcast(alpha), eps = TSimd.Broadcast(epsilon);
        int n = TSimd.Count, i = 0;
        for (; i + n <= w.Length; i += n)
        {
            TVec gi = TSimd.Load(ref Unsafe.Add(ref gr, i));
            TVec mi = TSimd.Load(ref Unsafe.Add(ref mr, i));
            TVec vi = TSimd.Load(ref Unsafe.Add(ref vr, i));
            mi = TSimd.Add(mi, TSimd.Multiply(TSimd.Subtract(gi, mi), c1));
            vi = TSimd.Add(vi, TSimd.Multiply(TSimd.Subtract(TSimd.Multiply(gi, gi), vi), c2));
            TSimd.Store(mi, ref Unsafe.Add(ref mr, i));
            TSimd.Store(vi, ref Unsafe.Add(ref vr, i));
            ref float wi = ref Unsafe.Add(ref wr, i);
            TVec step = TSimd.Divide(TSimd.Multiply(a, mi), TSimd.Add(TSimd.Sqrt(vi), eps));
            TSimd.Store(TSimd.Subtract(TSimd.Load(ref wi), step), ref wi);
        }

        return i;
    }

    private static int RmsPropVector<TSimd, TVec>(Span<float> w, ReadOnlySpan<float> g, Span<float> v, float learningRate, float rho, float epsilon)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float vr = ref MemoryMarshal.GetReference(v);
        TVec r = TSimd.Broadcast(rho), oneMinusR = TSimd.Broadcast(1f - rho);
        TVec lr = TSimd.Broadcast(learningRate), eps = TSimd.Broadcast(epsilon);
        int n = TSimd.Count, i = 0;
        for (; i + n <= w.Length; i += n)
        {
            TVec gi = TSimd.Load(ref Unsafe.Add(ref gr, i));
            TVec vi = TSimd.Add(TSimd.Multiply(r, TSimd.Load(ref Unsafe.Add(ref vr, i))), TSimd.Multiply(TSimd.Multiply(oneMinusR, gi), gi));
            TSimd.Store(vi, ref Unsafe.Add(ref vr, i));
            ref float wi = ref Unsafe.Add(ref wr, i);
            TVec step = TSimd.Divide(TSimd.Multiply(lr, gi), TSimd.Sqrt(TSimd.Add(vi, eps)));
            TSimd.Store(TSimd.Subtract(TSimd.Load(ref wi), step), ref wi);
        }

        return i;
    }

    private static void CheckLengths(int w, int g, int a, int b)
    {
        if (g != w || a != w || b != w)
        {
            throw new ArgumentException($"Optimizer update spans differ in length: weights {w}, gradient {g}, slots {a} and {b}.");
        }
    }
}
