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

    /// <summary>
    /// Keras Adam with <c>amsgrad</c>: as <see cref="Adam"/>, with the step divided by the running maximum of v,
    /// <c>vhat = max(vhat, v)</c>, <c>w -= alpha * m / (sqrt(vhat) + eps)</c>.
    /// </summary>
    public static void AdamAmsgrad(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> vHat, float alpha, float beta1, float beta2, float epsilon)
    {
        CheckLengths(w.Length, g.Length, m.Length, v.Length);
        CheckLengths(w.Length, vHat.Length, vHat.Length, vHat.Length);
        float c1 = 1f - beta1, c2 = 1f - beta2;
        for (int i = 0; i < w.Length; i++)
        {
            float gi = g[i];
            float mi = m[i] + ((gi - m[i]) * c1);
            float vi = v[i] + (((gi * gi) - v[i]) * c2);
            float hi = MathF.Max(vHat[i], vi);
            m[i] = mi;
            v[i] = vi;
            vHat[i] = hi;
            w[i] -= alpha * mi / (MathF.Sqrt(hi) + epsilon);
        }
    }

    /// <summary>
    /// Keras Adamax: <c>m += (g - m)(1 - b1)</c>, <c>u = max(b2 u, |g|)</c>, <c>w -= lr m / ((1 - b1^t)(u + eps))</c>;
    /// <paramref name="biasCorrection"/> is <c>1 - b1^t</c>.
    /// </summary>
    public static void Adamax(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> u, float learningRate, float beta1, float beta2, float epsilon, float biasCorrection)
    {
        CheckLengths(w.Length, g.Length, m.Length, u.Length);
        float c1 = 1f - beta1;
        for (int i = 0; i < w.Length; i++)
        {
            float gi = g[i];
            float mi = m[i] + ((gi - m[i]) * c1);
            float ui = MathF.Max(beta2 * u[i], MathF.Abs(gi));
            m[i] = mi;
            u[i] = ui;
            w[i] -= learningRate * mi / (biasCorrection * (ui + epsilon));
        }
    }

    /// <summary>
    /// Keras Nadam: <c>m += (g - m)(1 - b1)</c>, <c>v += (g^2 - v)(1 - b2)</c>,
    /// <c>mhat = mScale m + gScale g</c>, <c>w -= lr mhat / (sqrt(vScale v) + eps)</c>, where the step's scalars are
    /// <c>mScale = u_{t+1} / (1 - prod u_1..u_{t+1})</c>, <c>gScale = (1 - u_t) / (1 - prod u_1..u_t)</c>, <c>vScale = 1 / (1 - b2^t)</c>.
    /// </summary>
    public static void Nadam(
        Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float learningRate, float beta1, float beta2, float epsilon, float mScale, float gScale, float vScale)
    {
        CheckLengths(w.Length, g.Length, m.Length, v.Length);
        float c1 = 1f - beta1, c2 = 1f - beta2;
        for (int i = 0; i < w.Length; i++)
        {
            float gi = g[i];
            float mi = m[i] + ((gi - m[i]) * c1);
            float vi = v[i] + (((gi * gi) - v[i]) * c2);
            m[i] = mi;
            v[i] = vi;
            float mHat = (mScale * mi) + (gScale * gi);
            w[i] -= mHat * learningRate / (MathF.Sqrt(vi * vScale) + epsilon);
        }
    }

    /// <summary>
    /// Keras RMSprop in full: <c>v = rho v + (1 - rho) g^2</c>; centered, <c>a = rho a + (1 - rho) g</c> and the
    /// denominator is <c>sqrt(v - a^2 + eps)</c>, else <c>sqrt(v + eps)</c>; <c>step = lr g / denominator</c>; with
    /// momentum <c>p = momentum p + step; w -= p</c>, else <c>w -= step</c>. Empty <paramref name="average"/> means not
    /// centered, empty <paramref name="momentumSlot"/> no momentum.
    /// </summary>
    public static void RmsPropFull(
        Span<float> w, ReadOnlySpan<float> g, Span<float> v, Span<float> average, Span<float> momentumSlot, float learningRate, float rho, float momentum, float epsilon)
    {
        CheckLengths(w.Length, g.Length, v.Length, v.Length);
        bool centered = !average.IsEmpty, withMomentum = !momentumSlot.IsEmpty;
        if ((centered && average.Length != w.Length) || (withMomentum && momentumSlot.Length != w.Length))
        {
            throw new ArgumentException($"Optimizer update spans differ in length: weights {w.Length}, average {average.Length}, momentum {momentumSlot.Length}.");
        }

        for (int i = 0; i < w.Length; i++)
        {
            float gi = g[i];
            float vi = (rho * v[i]) + ((1f - rho) * gi * gi);
            v[i] = vi;
            float denominator = vi + epsilon;
            if (centered)
            {
                float ai = (rho * average[i]) + ((1f - rho) * gi);
                average[i] = ai;
                denominator = vi - (ai * ai) + epsilon;
            }

            float step = learningRate * gi / MathF.Sqrt(denominator);
            if (withMomentum)
            {
                step = (momentum * momentumSlot[i]) + step;
                momentumSlot[i] = step;
            }

            w[i] -= step;
        }
    }

    /// <summary>Keras SGD with momentum: <c>m = momentum m - lr g</c>, then <c>w += m</c>, or Nesterov's <c>w += momentum m - lr g</c>.</summary>
    public static void SgdMomentum(Span<float> w, ReadOnlySpan<float> g, Span<float> m, float learningRate, float momentum, bool nesterov)
    {
        CheckLengths(w.Length, g.Length, m.Length, m.Length);
        for (int i = 0; i < w.Length; i++)
        {
            float mi = (momentum * m[i]) - (learningRate * g[i]);
            m[i] = mi;
            w[i] += nesterov ? (momentum * mi) - (learningRate * g[i]) : mi;
        }
    }

    /// <summary>Keras Adagrad: <c>acc += g^2</c>, <c>w -= lr g / sqrt(acc + eps)</c>.</summary>
    public static void Adagrad(Span<float> w, ReadOnlySpan<float> g, Span<float> accumulator, float learningRate, float epsilon)
    {
        CheckLengths(w.Length, g.Length, accumulator.Length, accumulator.Length);
        for (int i = 0; i < w.Length; i++)
        {
            float gi = g[i];
            float ai = accumulator[i] + (gi * gi);
            accumulator[i] = ai;
            w[i] -= learningRate * gi / MathF.Sqrt(ai + epsilon);
        }
    }

    /// <summary>
    /// Keras Adadelta: <c>E[g^2] = rho E[g^2] + (1 - rho) g^2</c>, <c>d = -sqrt(E[dx^2] + eps) g / sqrt(E[g^2] + eps)</c>,
    /// <c>E[dx^2] = rho E[dx^2] + (1 - rho) d^2</c>, <c>w += lr d</c>.
    /// </summary>
    public static void Adadelta(Span<float> w, ReadOnlySpan<float> g, Span<float> gradSquares, Span<float> deltaSquares, float learningRate, float rho, float epsilon)
    {
        CheckLengths(w.Length, g.Length, gradSquares.Length, deltaSquares.Length);
        for (int i = 0; i < w.Length; i++)
        {
            float gi = g[i];
            float ag = (rho * gradSquares[i]) + ((1f - rho) * gi * gi);
            gradSquares[i] = ag;
            float delta = -(MathF.Sqrt(deltaSquares[i] + epsilon) * gi / MathF.Sqrt(ag + epsilon));
            deltaSquares[i] = (rho * deltaSquares[i]) + ((1f - rho) * delta * delta);
            w[i] += learningRate * delta;
        }
    }

    /// <summary>Keras Lion: <c>w -= lr sign(b1 m + (1 - b1) g)</c>, then <c>m = b2 m + (1 - b2) g</c> (sign(0) = 0).</summary>
    public static void Lion(Span<float> w, ReadOnlySpan<float> g, Span<float> m, float learningRate, float beta1, float beta2)
    {
        CheckLengths(w.Length, g.Length, m.Length, m.Length);
        for (int i = 0; i < w.Length; i++)
        {
            float gi = g[i];
            float c = (m[i] * beta1) + (gi * (1f - beta1));
            w[i] -= learningRate * (c > 0f ? 1f : c < 0f ? -1f : c);
            m[i] = (m[i] * beta2) + (gi * (1f - beta2));
        }
    }

    /// <summary>
    /// Keras Ftrl, with p = <paramref name="learningRatePower"/> (&lt;= 0): <c>g' = g + 2 l2_shrinkage w</c>,
    /// <c>n' = n + g^2</c>, <c>z += g' - (n'^-p - n^-p) / lr * w</c>, <c>w = (clip(z, -l1, l1) - z) / (n'^-p / lr + 2 l2)</c>,
    /// <c>n = n'</c>; <paramref name="l2"/> already holds Keras's <c>l2 + beta / (2 lr)</c>.
    /// </summary>
    public static void Ftrl(
        Span<float> w, ReadOnlySpan<float> g, Span<float> accumulator, Span<float> linear, float learningRate, float learningRatePower, float l1, float l2, float l2Shrinkage)
    {
        CheckLengths(w.Length, g.Length, accumulator.Length, linear.Length);
        float p = -learningRatePower;
        for (int i = 0; i < w.Length; i++)
        {
            float gi = g[i], wi = w[i], n = accumulator[i];
            float shrunk = gi + (2f * l2Shrinkage * wi);
            float next = n + (gi * gi);
            float z = linear[i] + (shrunk - ((MathF.Pow(next, p) - MathF.Pow(n, p)) / learningRate * wi));
            linear[i] = z;
            float quadratic = (MathF.Pow(next, p) / learningRate) + (2f * l2);
            w[i] = (Math.Clamp(z, -l1, l1) - z) / quadratic;
            accumulator[i] = next;
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
