using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OneBatch.Kernels;

/// <summary>
/// The one place where vector widths are chosen. Kernels are written once, generic over <see cref="ISimd{TVec}"/>;
/// the JIT specializes them for <see cref="Simd512"/> (AVX-512) and <see cref="Simd256"/> (AVX2, NEON pairs, ...).
/// </summary>
internal interface ISimd<TVec>
    where TVec : struct
{
    static abstract int Count { get; }

    static abstract TVec Zero { get; }

    static abstract TVec Broadcast(float value);

    static abstract TVec Load(ref float source);

    static abstract void Store(TVec value, ref float destination);

    /// <summary>a * b + c.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);

    static abstract TVec Add(TVec a, TVec b);

    static abstract TVec Max(TVec a, TVec b);

    static abstract TVec Min(TVec a, TVec b);

    /// <summary>e^a to about 1 ulp (Cody-Waite reduction and a degree-6 polynomial, all in single precision); NaN stays NaN.</summary>
    static abstract TVec Exp(TVec a);

    /// <summary>The sum of the lanes.</summary>
    static abstract float Sum(TVec a);

    static abstract TVec Subtract(TVec a, TVec b);

    static abstract TVec Multiply(TVec a, TVec b);

    static abstract TVec Divide(TVec a, TVec b);

    static abstract TVec Sqrt(TVec a);

    /// <summary>The lane indices start, start + 1, ... as int bits in a float vector (for argmax bookkeeping).</summary>
    static abstract TVec Indices(int start);

    /// <summary>Lane by lane: a &gt; b ? ifGreater : otherwise (a bitwise select, so int-bit lanes pass unchanged).</summary>
    static abstract TVec SelectWhereGreater(TVec a, TVec b, TVec ifGreater, TVec otherwise);
}

internal readonly struct Simd512 : ISimd<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source) => Vector512.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Min(Vector512<float> a, Vector512<float> b) => Vector512.Min(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> a)
    {
        var x = Vector512.Min(Vector512.Max(a, Vector512.Create(ExpMath.Low)), Vector512.Create(ExpMath.High));
        var t = Vector512.FusedMultiplyAdd(x, Vector512.Create(ExpMath.Log2E), Vector512.Create(ExpMath.Shifter));
        var n = t - Vector512.Create(ExpMath.Shifter);
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(ExpMath.MinusLn2High), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(ExpMath.MinusLn2Low), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(ExpMath.P0), r, Vector512.Create(ExpMath.P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(ExpMath.P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(ExpMath.P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(ExpMath.P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(ExpMath.P5));
        p = Vector512.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One);
        var scale = (t.AsInt32() - Vector512.Create(ExpMath.ShifterBits)) << 23;
        return Vector512.ConditionalSelect(Vector512.Equals(a, a), (p.AsInt32() + scale).AsSingle(), a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> a) => Vector512.Sum(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sqrt(Vector512<float> a) => Vector512.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Indices(int start) => (Vector512.Create(start) + Vector512<int>.Indices).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SelectWhereGreater(Vector512<float> a, Vector512<float> b, Vector512<float> ifGreater, Vector512<float> otherwise) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(a, b), ifGreater, otherwise);
}

internal readonly struct Simd256 : ISimd<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source) => Vector256.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Min(Vector256<float> a, Vector256<float> b) => Vector256.Min(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> a)
    {
        var x = Vector256.Min(Vector256.Max(a, Vector256.Create(ExpMath.Low)), Vector256.Create(ExpMath.High));
        var t = Vector256.FusedMultiplyAdd(x, Vector256.Create(ExpMath.Log2E), Vector256.Create(ExpMath.Shifter));
        var n = t - Vector256.Create(ExpMath.Shifter);
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(ExpMath.MinusLn2High), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(ExpMath.MinusLn2Low), r);
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(ExpMath.P0), r, Vector256.Create(ExpMath.P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(ExpMath.P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(ExpMath.P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(ExpMath.P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(ExpMath.P5));
        p = Vector256.FusedMultiplyAdd(p, r * r, r + Vector256<float>.One);
        var scale = (t.AsInt32() - Vector256.Create(ExpMath.ShifterBits)) << 23;
        return Vector256.ConditionalSelect(Vector256.Equals(a, a), (p.AsInt32() + scale).AsSingle(), a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> a) => Vector256.Sum(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sqrt(Vector256<float> a) => Vector256.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Indices(int start) => (Vector256.Create(start) + Vector256<int>.Indices).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SelectWhereGreater(Vector256<float> a, Vector256<float> b, Vector256<float> ifGreater, Vector256<float> otherwise) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(a, b), ifGreater, otherwise);
}

/// <summary>
/// One float as a vector of one lane: the tails of kernels written for <see cref="ISimd{TVec}"/> run the very same
/// operations as their vector bodies, so a result does not depend on where its element falls.
/// </summary>
internal readonly struct SimdScalar : ISimd<float>
{
    public static int Count => 1;

    public static float Zero => 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Broadcast(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref float source) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, ref float destination) => destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Add(float a, float b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(float a, float b) => MathF.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Min(float a, float b) => MathF.Min(a, b);

    public static float Exp(float a)
    {
        if (float.IsNaN(a))
        {
            return a;
        }

        float x = MathF.Min(MathF.Max(a, ExpMath.Low), ExpMath.High);
        float t = MathF.FusedMultiplyAdd(x, ExpMath.Log2E, ExpMath.Shifter);
        float n = t - ExpMath.Shifter;
        float r = MathF.FusedMultiplyAdd(n, ExpMath.MinusLn2High, x);
        r = MathF.FusedMultiplyAdd(n, ExpMath.MinusLn2Low, r);
        float p = MathF.FusedMultiplyAdd(ExpMath.P0, r, ExpMath.P1);
        p = MathF.FusedMultiplyAdd(p, r, ExpMath.P2);
        p = MathF.FusedMultiplyAdd(p, r, ExpMath.P3);
        p = MathF.FusedMultiplyAdd(p, r, ExpMath.P4);
        p = MathF.FusedMultiplyAdd(p, r, ExpMath.P5);
        p = MathF.FusedMultiplyAdd(p, r * r, r + 1f);
        int scale = (BitConverter.SingleToInt32Bits(t) - ExpMath.ShifterBits) << 23;
        return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(p) + scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(float a) => a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Subtract(float a, float b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Multiply(float a, float b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Divide(float a, float b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sqrt(float a) => MathF.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Indices(int start) => BitConverter.Int32BitsToSingle(start);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SelectWhereGreater(float a, float b, float ifGreater, float otherwise) => a > b ? ifGreater : otherwise;
}

/// <summary>The constants of the single-precision exp every width shares (Cephes's expf).</summary>
internal static class ExpMath
{
    // Past these, 2^n leaves the normal range (n = round(x / ln 2) must stay within [-125, 127]).
    public const float Low = -86f;
    public const float High = 88f;
    public const float Log2E = 1.44269504088896341f;

    // 1.5 * 2^23: adding it rounds x / ln 2 to an integer that sits in the low mantissa bits.
    public const float Shifter = 12582912f;
    public const int ShifterBits = 0x4B400000;

    // ln 2 split so that n * MinusLn2High is exact for the n that occur.
    public const float MinusLn2High = -0.693359375f;
    public const float MinusLn2Low = 2.12194440e-4f;

    public const float P0 = 1.9875691500e-4f;
    public const float P1 = 1.3981999507e-3f;
    public const float P2 = 8.3334519073e-3f;
    public const float P3 = 4.1665795894e-2f;
    public const float P4 = 1.6666665459e-1f;
    public const float P5 = 5.0000001201e-1f;
}

internal static class Simd
{
    /// <summary>True where 512-bit vectors run natively; kernels then take the <see cref="Simd512"/> path.</summary>
    public static readonly bool Use512 = Vector512.IsHardwareAccelerated;
}
