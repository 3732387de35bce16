namespace OneBatch.Tensors;

/// <summary>
/// A seeded random source (xoshiro128**, seeded through SplitMix64). The same seed gives the same numbers on
/// every machine and every .NET version. Pass it explicitly: nothing in OneBatch uses a hidden global.
/// </summary>
public sealed class RandomGenerator
{
    private uint _s0, _s1, _s2, _s3;
    private float? _spareNormal;

    public RandomGenerator(int seed)
    {
        Seed = seed;
        ulong x = (ulong)(uint)seed;
        _s0 = (uint)SplitMix64(ref x);
        _s1 = (uint)SplitMix64(ref x);
        _s2 = (uint)SplitMix64(ref x);
        _s3 = (uint)SplitMix64(ref x);
    }

    public int Seed { get; }

    /// <summary>
    /// A generator for a dry run of a build: a layer built with it gets weights of the right shapes with no storage
    /// (<see cref="Tensor.IsAllocated"/> false) and draws nothing, so a model's weights can be counted and its memory
    /// estimated before anything big is allocated. Such a model is for counting only: it cannot run.
    /// </summary>
    public static RandomGenerator ForDryRun() => new(0) { DryRun = true };

    /// <summary>True for a generator from <see cref="ForDryRun"/>.</summary>
    public bool DryRun { get; private init; }

    /// <summary>A uniform float in [0, 1).</summary>
    public float NextFloat() => (NextUInt() >> 8) * (1.0f / (1 << 24));

    /// <summary>A uniform integer in [low, high).</summary>
    public int NextInt(int low, int high)
    {
        if (high <= low)
        {
            throw new ArgumentException($"NextInt needs low < high; got [{low}, {high}).");
        }

        return low + (int)((ulong)NextUInt() * (ulong)(uint)(high - low) >> 32);
    }

    /// <summary>A standard normal float (Box-Muller, both values used).</summary>
    public float NextNormal()
    {
        if (_spareNormal is float spare)
        {
            _spareNormal = null;
            return spare;
        }

        double u1 = 1.0 - ((NextUInt() >> 8) * (1.0 / (1 << 24))); // (0, 1]
        double u2 = (NextUInt() >> 8) * (1.0 / (1 << 24));
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = (float)(r * Math.Sin(2 * Math.PI * u2));
        return (float)(r * Math.Cos(2 * Math.PI * u2));
    }

    /// <summary>Fills a tensor of <paramref name="shape"/> with uniform values in [min, max), like <c>keras.random.uniform</c>.</summary>
    public Tensor Uniform(Shape shape, float min = 0f, float max = 1f)
    {
        var t = new Tensor(shape);
        FillUniform(t.Span, min, max);
        return t;
    }

    /// <summary>Fills a tensor with normal values, like <c>keras.random.normal</c>.</summary>
    public Tensor Normal(Shape shape, float mean = 0f, float stddev = 1f)
    {
        var t = new Tensor(shape);
        foreach (ref float v in t.Span)
        {
            v = mean + (stddev * NextNormal());
        }

        return t;
    }

    /// <summary>Integers in [low, high) stored as floats (class labels, for example).</summary>
    public Tensor Integers(Shape shape, int low, int high)
    {
        var t = new Tensor(shape);
        foreach (ref float v in t.Span)
        {
            v = NextInt(low, high);
        }

        return t;
    }

    public void FillUniform(Span<float> values, float min, float max)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = min + ((max - min) * NextFloat());
        }
    }

    /// <summary>Normal values redrawn until they fall within two standard deviations, like <c>keras.random.truncated_normal</c>.</summary>
    public void FillTruncatedNormal(Span<float> values, float mean, float stddev)
    {
        for (int i = 0; i < values.Length; i++)
        {
            float z;
            do
            {
                z = NextNormal();
            }
            while (MathF.Abs(z) > 2f);

            values[i] = mean + (stddev * z);
        }
    }

    public void FillNormal(Span<float> values, float mean, float stddev)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = mean + (stddev * NextNormal());
        }
    }

    private uint NextUInt()
    {
        uint result = BitRotate(_s1 * 5, 7) * 9;
        uint t = _s1 << 9;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotate(_s3, 11);
        return result;
    }

    private static uint BitRotate(uint x, int k) => (x << k) | (x >> (32 - k));

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
