using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Initializers;

/// <summary>
/// Fills a new weight, like <c>keras.initializers.Initializer</c>. A Keras identifier converts implicitly, so
/// <c>kernelInitializer: "he_normal"</c> works wherever an initializer is accepted.
/// </summary>
public abstract class Initializer
{
    /// <summary>The Keras identifier, such as <c>glorot_uniform</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Fills <paramref name="values"/>, a weight of <paramref name="shape"/>, drawing from <paramref name="random"/>.</summary>
    public abstract void Fill(Span<float> values, Shape shape, RandomGenerator random);

    public static implicit operator Initializer(string name) => Get(name);

    /// <summary>Every initializer that takes no settings, by its Keras names.</summary>
    public static NameTable<Func<Initializer>> Registry { get; } = new NameTable<Func<Initializer>>("initializer")
        .Add("glorot_uniform", () => new GlorotUniform(), "xavier_uniform")
        .Add("glorot_normal", () => new GlorotNormal(), "xavier_normal")
        .Add("he_uniform", () => new HeUniform())
        .Add("he_normal", () => new HeNormal())
        .Add("lecun_uniform", () => new LecunUniform())
        .Add("lecun_normal", () => new LecunNormal())
        .Add("zeros", () => new Constant(0f), "zero")
        .Add("ones", () => new Constant(1f), "one")
        .Add("random_uniform", () => new RandomUniform(), "uniform")
        .Add("random_normal", () => new RandomNormal(), "normal")
        .Add("orthogonal", () => new Orthogonal());

    /// <summary>The initializer with a Keras identifier (<c>glorot_uniform</c>, <c>he_normal</c>, <c>zeros</c>, ...).</summary>
    public static Initializer Get(string name) => Registry.Get(name)();

    /// <summary>Keras's fans: a kernel <c>[..., in, out]</c> has fan_in = in * receptive field, fan_out = out * receptive field.</summary>
    public static (float FanIn, float FanOut) ComputeFans(Shape shape)
    {
        if (shape.Rank == 0)
        {
            return (1, 1);
        }

        if (shape.Rank == 1)
        {
            return (shape[0], shape[0]);
        }

        int receptive = 1;
        for (int i = 0; i < shape.Rank - 2; i++)
        {
            receptive *= shape[i];
        }

        return (shape[-2] * (float)receptive, shape[-1] * (float)receptive);
    }
}

/// <summary>Variance scaling, the family behind glorot_*, he_* and lecun_* (<c>keras.initializers.VarianceScaling</c>).</summary>
public abstract class VarianceScaling(float scale, string mode, bool uniform) : Initializer
{
    public override void Fill(Span<float> values, Shape shape, RandomGenerator random)
    {
        var (fanIn, fanOut) = ComputeFans(shape);
        float n = mode switch
        {
            "fan_in" => fanIn,
            "fan_out" => fanOut,
            _ => (fanIn + fanOut) / 2f,
        };
        float variance = scale / MathF.Max(1f, n);
        if (uniform)
        {
            // U(-limit, limit) has variance limit^2 / 3.
            float limit = MathF.Sqrt(3f * variance);
            random.FillUniform(values, -limit, limit);
        }
        else
        {
            // A normal truncated at 2 sigma has standard deviation 0.87962566 sigma; Keras corrects for it.
            float stddev = MathF.Sqrt(variance) / 0.87962566103423978f;
            random.FillTruncatedNormal(values, 0f, stddev);
        }
    }
}

/// <summary>U(-limit, limit) with limit = sqrt(6 / (fan_in + fan_out)); the Keras default for kernels.</summary>
public sealed class GlorotUniform() : VarianceScaling(1f, "fan_avg", uniform: true)
{
    public override string Name => "glorot_uniform";
}

public sealed class GlorotNormal() : VarianceScaling(1f, "fan_avg", uniform: false)
{
    public override string Name => "glorot_normal";
}

public sealed class HeUniform() : VarianceScaling(2f, "fan_in", uniform: true)
{
    public override string Name => "he_uniform";
}

public sealed class HeNormal() : VarianceScaling(2f, "fan_in", uniform: false)
{
    public override string Name => "he_normal";
}

public sealed class LecunUniform() : VarianceScaling(1f, "fan_in", uniform: true)
{
    public override string Name => "lecun_uniform";
}

public sealed class LecunNormal() : VarianceScaling(1f, "fan_in", uniform: false)
{
    public override string Name => "lecun_normal";
}

/// <summary>Every value set to one constant (<c>zeros</c>, <c>ones</c>, or any value).</summary>
public sealed class Constant(float value) : Initializer
{
    public float Value { get; } = value;

    public override string Name => Value switch { 0f => "zeros", 1f => "ones", _ => "constant" };

    public override void Fill(Span<float> values, Shape shape, RandomGenerator random) => values.Fill(Value);
}

/// <summary>U(minval, maxval); Keras defaults -0.05 and 0.05.</summary>
public sealed class RandomUniform(float minval = -0.05f, float maxval = 0.05f) : Initializer
{
    public override string Name => "random_uniform";

    public override void Fill(Span<float> values, Shape shape, RandomGenerator random) => random.FillUniform(values, minval, maxval);
}

/// <summary>N(mean, stddev); Keras defaults 0 and 0.05.</summary>
public sealed class RandomNormal(float mean = 0f, float stddev = 0.05f) : Initializer
{
    public override string Name => "random_normal";

    public override void Fill(Span<float> values, Shape shape, RandomGenerator random) => random.FillNormal(values, mean, stddev);
}
