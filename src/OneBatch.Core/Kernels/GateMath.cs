using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OneBatch.Kernels;

/// <summary>
/// The activations of <see cref="GateActivation"/> on one vector of any width, their derivatives computed from
/// their outputs (what the recurrent ops keep for the backward pass), and the test for a saturated gate.
/// </summary>
internal static class GateMath
{
    // sigmoid(5) and tanh(5): a gate whose output lies beyond these had its input beyond +-5.
    private const float SigmoidOf5 = 0.9933071490757153f;
    private const float TanhOf5 = 0.9999092042625951f;

    /// <summary>a[i] = activation(z[i]) over spans, the vector body and the tail doing the same operations.</summary>
    public static void Apply(GateActivation kind, ReadOnlySpan<float> z, Span<float> a)
    {
        if (a.Length < z.Length)
        {
            throw new ArgumentException($"GateMath.Apply: the output holds {a.Length} values; the input has {z.Length}.");
        }

        int i = Simd.Use512 ? ApplyRange<Simd512, Vector512<float>>(kind, z, a) : ApplyRange<Simd256, Vector256<float>>(kind, z, a);
        for (; i < z.Length; i++)
        {
            a[i] = Apply<SimdScalar, float>(kind, z[i]);
        }
    }

    /// <summary>d[i] = da/dz where the activation gave a[i].</summary>
    public static void Derivative(GateActivation kind, ReadOnlySpan<float> a, Span<float> d)
    {
        for (int i = 0; i < a.Length; i++)
        {
            d[i] = Derivative<SimdScalar, float>(kind, a[i]);
        }
    }

    /// <summary>The activation of <paramref name="z"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Apply<TSimd, TVec>(GateActivation kind, TVec z)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        switch (kind)
        {
            case GateActivation.Sigmoid:
                return Sigmoid<TSimd, TVec>(z);
            case GateActivation.Tanh:
                // tanh z = 2 sigmoid(2z) - 1: one exp, and exact limits at both ends.
                var s = Sigmoid<TSimd, TVec>(TSimd.Add(z, z));
                return TSimd.Subtract(TSimd.Add(s, s), TSimd.Broadcast(1f));
            case GateActivation.HardSigmoid:
                return Clip01<TSimd, TVec>(TSimd.MultiplyAdd(z, TSimd.Broadcast(1f / 6f), TSimd.Broadcast(0.5f)));
            case GateActivation.HardSigmoidKeras2:
                return Clip01<TSimd, TVec>(TSimd.MultiplyAdd(z, TSimd.Broadcast(0.2f), TSimd.Broadcast(0.5f)));
            case GateActivation.Relu:
                return TSimd.Max(z, TSimd.Zero);
            default:
                return z;
        }
    }

    /// <summary>da/dz at the point where the activation gave <paramref name="a"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Derivative<TSimd, TVec>(GateActivation kind, TVec a)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        switch (kind)
        {
            case GateActivation.Sigmoid:
                // a (1 - a)
                return TSimd.Multiply(a, TSimd.Subtract(TSimd.Broadcast(1f), a));
            case GateActivation.Tanh:
                // 1 - a^2
                return TSimd.MultiplyAdd(TSimd.Subtract(TSimd.Zero, a), a, TSimd.Broadcast(1f));
            case GateActivation.HardSigmoid:
                return Inside01<TSimd, TVec>(a, 1f / 6f);
            case GateActivation.HardSigmoidKeras2:
                return Inside01<TSimd, TVec>(a, 0.2f);
            case GateActivation.Relu:
                return TSimd.SelectWhereGreater(a, TSimd.Zero, TSimd.Broadcast(1f), TSimd.Zero);
            default:
                return TSimd.Broadcast(1f);
        }
    }

    /// <summary>True for activations that flatten out (sigmoid, tanh, hard sigmoid), whose saturation means something.</summary>
    public static bool Saturates(GateActivation kind) => kind is not (GateActivation.Linear or GateActivation.Relu);

    /// <summary>
    /// Whether the input that gave <paramref name="a"/> lay beyond +-5 (sigmoid, tanh), or on a flat part of a hard
    /// sigmoid (beyond +-2.5 or +-3, where its gradient is 0): read from the output, which is all the ops keep.
    /// </summary>
    public static bool Saturated(GateActivation kind, float a) => kind switch
    {
        GateActivation.Sigmoid => a >= SigmoidOf5 || a <= 1f - SigmoidOf5,
        GateActivation.Tanh => MathF.Abs(a) >= TanhOf5,
        GateActivation.HardSigmoid or GateActivation.HardSigmoidKeras2 => a <= 0f || a >= 1f,
        _ => false,
    };

    private static int ApplyRange<TSimd, TVec>(GateActivation kind, ReadOnlySpan<float> z, Span<float> a)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        ref float zr = ref MemoryMarshal.GetReference(z);
        ref float ar = ref MemoryMarshal.GetReference(a);
        int i = 0;
        for (; i + TSimd.Count <= z.Length; i += TSimd.Count)
        {
            TSimd.Store(Apply<TSimd, TVec>(kind, TSimd.Load(ref Unsafe.Add(ref zr, i))), ref Unsafe.Add(ref ar, i));
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Sigmoid<TSimd, TVec>(TVec z)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
    {
        var one = TSimd.Broadcast(1f);
        return TSimd.Divide(one, TSimd.Add(one, TSimd.Exp(TSimd.Subtract(TSimd.Zero, z))));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Clip01<TSimd, TVec>(TVec x)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
        => TSimd.Min(TSimd.Max(x, TSimd.Zero), TSimd.Broadcast(1f));

    // slope where 0 < a < 1, else 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Inside01<TSimd, TVec>(TVec a, float slope)
        where TSimd : struct, ISimd<TVec>
        where TVec : struct
        => TSimd.SelectWhereGreater(a, TSimd.Zero, TSimd.SelectWhereGreater(TSimd.Broadcast(1f), a, TSimd.Broadcast(slope), TSimd.Zero), TSimd.Zero);
}
