using OneBatch.Autodiff;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Activations;

/// <summary>
/// An activation, like the functions of <c>keras.activations</c>, composed from differentiable ops. A Keras identifier
/// converts implicitly, so <c>activation: "relu"</c> works wherever an activation is accepted. Each carries its
/// <see cref="Profile"/> (range, whether it dies or saturates) for the single-batch check's diagnoses.
/// </summary>
public sealed class ActivationFunction
{
    // Beyond +-5 a sigmoid's slope is below 0.007, tanh's below 2e-4 and softsign's below 0.03: the flat tails.
    private const float SquashLimit = 5f;

    private readonly Func<Tensor, Tensor> _apply;

    private ActivationFunction(string name, Func<Tensor, Tensor> apply, ActivationProfile profile)
    {
        Name = name;
        _apply = apply;
        Profile = profile;
    }

    public static ActivationFunction Linear { get; } = new("linear", x => x, ActivationProfile.Unbounded);

    public static ActivationFunction Relu { get; } = new("relu", Ops.Relu, ActivationProfile.Dying());

    /// <summary>min(max(x, 0), 6).</summary>
    public static ActivationFunction Relu6 { get; } = new("relu6", x => Ops.Relu(x, 0f, 6f), ActivationProfile.Dying(0f, 6f));

    /// <summary>
    /// <c>keras.activations.leaky_relu</c>: x, or 0.2 x below 0 (the function's default slope, as TensorFlow's
    /// <c>tf.nn.leaky_relu</c> that tf.keras 2 resolves the name to; the LeakyReLU layer's default is 0.3, see
    /// <see cref="LeakyReluWith"/>).
    /// </summary>
    public static ActivationFunction LeakyRelu { get; } = new("leaky_relu", x => Ops.Relu(x, 0.2f), ActivationProfile.Unbounded);

    public static ActivationFunction Sigmoid { get; } = new(
        "sigmoid", Ops.Sigmoid, ActivationProfile.Saturating(0f, 1f, SquashLimit, 1f / (1f + MathF.Exp(SquashLimit)), 1f / (1f + MathF.Exp(-SquashLimit))));

    public static ActivationFunction Tanh { get; } = new(
        "tanh", Ops.Tanh, ActivationProfile.Saturating(-1f, 1f, SquashLimit, -MathF.Tanh(SquashLimit), MathF.Tanh(SquashLimit)));

    /// <summary>x / (1 + |x|).</summary>
    public static ActivationFunction Softsign { get; } = new(
        "softsign", Ops.Softsign, ActivationProfile.Saturating(-1f, 1f, SquashLimit, -SquashLimit / (1f + SquashLimit), SquashLimit / (1f + SquashLimit)));

    /// <summary>Softmax over the last axis.</summary>
    public static ActivationFunction Softmax { get; } = new("softmax", Ops.Softmax, new ActivationProfile { Min = 0f, Max = 1f });

    public static ActivationFunction LogSoftmax { get; } = new("log_softmax", Ops.LogSoftmax, new ActivationProfile { Max = 0f });

    public static ActivationFunction Softplus { get; } = new("softplus", Ops.Softplus, new ActivationProfile { Min = 0f });

    public static ActivationFunction Exponential { get; } = new("exponential", Ops.Exp, new ActivationProfile { Min = 0f });

    /// <summary>x, or e^x - 1 below 0 (alpha 1, as <c>keras.activations.elu</c>).</summary>
    public static ActivationFunction Elu { get; } = new("elu", x => Ops.Elu(x), new ActivationProfile { Min = -1f });

    /// <summary>1.05070098 * elu(x, 1.67326324): its minimum is -1.05070098 * 1.67326324.</summary>
    public static ActivationFunction Selu { get; } = new("selu", Ops.Selu, new ActivationProfile { Min = -1.7580993f });

    /// <summary>The exact GELU, 0.5 x (1 + erf(x / sqrt 2)): <c>gelu</c> in Keras 2 and 3 alike (approximate=False).</summary>
    public static ActivationFunction Gelu { get; } = new("gelu", Ops.Gelu, new ActivationProfile { Min = -0.16998f });

    /// <summary>
    /// GELU's tanh approximation, 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))). No Keras name selects it (gelu
    /// is the exact form in both Kerases): it reaches a file as KerasHub's registered function
    /// <c>keras_hub&gt;gelu_approximate</c> (<c>keras_nlp&gt;</c> before), or as TensorFlow.js's <c>gelu_new</c>.
    /// </summary>
    public static ActivationFunction GeluApproximate { get; } = new("gelu_approximate", Ops.GeluApproximate, new ActivationProfile { Min = -0.17005f });

    /// <summary>x * sigmoid(x), also named swish.</summary>
    public static ActivationFunction Silu { get; } = new("silu", Ops.Silu, new ActivationProfile { Min = -0.27847f });

    /// <summary>Keras 3's <c>hard_silu</c> (or hard_swish): x * relu6(x + 3) / 6.</summary>
    public static ActivationFunction HardSilu { get; } = new("hard_silu", Ops.HardSilu, new ActivationProfile { Min = -0.375f });

    /// <summary>x * tanh(softplus(x)).</summary>
    public static ActivationFunction Mish { get; } = new("mish", Ops.Mish, new ActivationProfile { Min = -0.30885f });

    /// <summary>Keras 3's <c>hard_sigmoid</c>: relu6(x + 3) / 6 = clip(x / 6 + 0.5, 0, 1), flat beyond +-3.</summary>
    public static ActivationFunction HardSigmoid { get; } = new(
        "hard_sigmoid", x => Ops.Clip(Ops.Scale(x, 1f / 6f, 0.5f), 0f, 1f), ActivationProfile.Saturating(0f, 1f, 3f, 0f, 1f));

    /// <summary>
    /// The <c>hard_sigmoid</c> of Keras 1 and 2 and TensorFlow.js, clip(0.2 x + 0.5, 0, 1), flat beyond +-2.5: what
    /// that name means in their model files (Keras 3 changed it; <see cref="HardSigmoid"/>).
    /// </summary>
    public static ActivationFunction HardSigmoidKeras2 { get; } = new(
        "hard_sigmoid_keras2", x => Ops.Clip(Ops.Scale(x, 0.2f, 0.5f), 0f, 1f), ActivationProfile.Saturating(0f, 1f, 2.5f, 0f, 1f));

    /// <summary>Every activation by its Keras name.</summary>
    public static NameTable<ActivationFunction> Registry { get; } = new NameTable<ActivationFunction>("activation")
        .Add(Linear.Name, Linear)
        .Add(Relu.Name, Relu)
        .Add(Relu6.Name, Relu6)
        .Add(LeakyRelu.Name, LeakyRelu)
        .Add(Sigmoid.Name, Sigmoid)
        .Add(Tanh.Name, Tanh)
        .Add(Softsign.Name, Softsign)
        .Add(Softmax.Name, Softmax)
        .Add(LogSoftmax.Name, LogSoftmax)
        .Add(Softplus.Name, Softplus)
        .Add(Exponential.Name, Exponential)
        .Add(Elu.Name, Elu)
        .Add(Selu.Name, Selu)
        .Add(Gelu.Name, Gelu)
        .Add(GeluApproximate.Name, GeluApproximate, "gelu_new")
        .Add(Silu.Name, Silu, "swish")
        .Add(HardSilu.Name, HardSilu, "hard_swish")
        .Add(Mish.Name, Mish)
        .Add(HardSigmoid.Name, HardSigmoid)
        .Add(HardSigmoidKeras2.Name, HardSigmoidKeras2);

    /// <summary>The Keras identifier (the family's, for one made with settings: <c>relu</c>, <c>leaky_relu</c>, <c>elu</c>, <c>softmax</c>).</summary>
    public string Name { get; }

    /// <summary>Its range and flat parts, for the diagnoses.</summary>
    public ActivationProfile Profile { get; }

    public Tensor Apply(Tensor x) => _apply(x);

    public static implicit operator ActivationFunction(string? name) => Get(name);

    /// <summary>The activation with a Keras identifier; null, empty or <c>none</c> means linear.</summary>
    public static ActivationFunction Get(string? name) =>
        string.IsNullOrEmpty(name) || name.Equals("none", StringComparison.OrdinalIgnoreCase) ? Linear : Registry.Get(name);

    /// <summary>
    /// <c>keras.activations.relu(x, negative_slope, max_value, threshold)</c>, as the ReLU layer applies it: x above
    /// the threshold, else 0, limited to max_value, with negative_slope * (x - threshold) added below the threshold.
    /// The plain cases are the shared <see cref="Relu"/>, <see cref="Relu6"/> and <see cref="LeakyRelu"/>.
    /// </summary>
    public static ActivationFunction ReluWith(float negativeSlope = 0f, float? maxValue = null, float threshold = 0f)
    {
        if (!(negativeSlope >= 0f) || !float.IsFinite(negativeSlope) || maxValue is < 0f or float.NaN || !(threshold >= 0f) || !float.IsFinite(threshold))
        {
            throw new ArgumentException(
                $"A ReLU needs a finite negative slope >= 0, a max value >= 0 (or none) and a finite threshold >= 0; got slope {negativeSlope}, max {maxValue?.ToString() ?? "none"}, threshold {threshold}.");
        }

        float max = maxValue ?? float.PositiveInfinity;
        if (threshold == 0f && negativeSlope == 0f)
        {
            if (float.IsPositiveInfinity(max))
            {
                return Relu;
            }

            if (max == 6f)
            {
                return Relu6;
            }
        }

        if (threshold == 0f && float.IsPositiveInfinity(max))
        {
            return LeakyReluWith(negativeSlope);
        }

        var profile = negativeSlope == 0f ? ActivationProfile.Dying(0f, max) : new ActivationProfile { Max = max };
        return new ActivationFunction("relu", x => Ops.Relu(x, negativeSlope, max, threshold), profile);
    }

    /// <summary>x, or <paramref name="negativeSlope"/> * x below 0 (the LeakyReLU layer's function).</summary>
    public static ActivationFunction LeakyReluWith(float negativeSlope)
    {
        if (!(negativeSlope >= 0f) || !float.IsFinite(negativeSlope))
        {
            throw new ArgumentException($"A leaky ReLU needs a finite negative slope >= 0; got {negativeSlope}.");
        }

        return negativeSlope switch
        {
            0f => Relu,
            0.2f => LeakyRelu,
            _ => new ActivationFunction("leaky_relu", x => Ops.Relu(x, negativeSlope), ActivationProfile.Unbounded),
        };
    }

    /// <summary>x, or <paramref name="alpha"/> * (e^x - 1) below 0 (the ELU layer's function).</summary>
    public static ActivationFunction EluWith(float alpha)
    {
        if (!float.IsFinite(alpha))
        {
            throw new ArgumentException($"An ELU needs a finite alpha; got {alpha}.");
        }

        // Below 0 the ELU tends to -alpha; a negative alpha makes it rise towards +|alpha| instead.
        return alpha == 1f ? Elu : new ActivationFunction("elu", x => Ops.Elu(x, alpha), new ActivationProfile { Min = MathF.Min(-alpha, 0f) });
    }

    /// <summary>
    /// Softmax along <paramref name="axis"/> of the batched tensor (negative counts from the end): the shared
    /// <see cref="Softmax"/> for the last axis, else the axis swapped to the end, softmax, and swapped back.
    /// </summary>
    public static ActivationFunction SoftmaxAlong(int axis) =>
        axis == -1 ? Softmax : new ActivationFunction("softmax", x => SoftmaxOn(x, axis), Softmax.Profile);

    public override string ToString() => Name;

    private static Tensor SoftmaxOn(Tensor x, int axis)
    {
        int rank = x.Rank;
        int a = axis < 0 ? axis + rank : axis;
        if ((uint)a >= (uint)rank)
        {
            throw new ArgumentException($"Softmax along axis {axis} needs a tensor of rank above {(axis < 0 ? -axis - 1 : axis)}; got shape {x.Shape}.");
        }

        if (a == rank - 1)
        {
            return Ops.Softmax(x);
        }

        // Swapping two axes is its own inverse.
        Span<int> swap = stackalloc int[rank];
        for (int i = 0; i < rank; i++)
        {
            swap[i] = i;
        }

        swap[a] = rank - 1;
        swap[rank - 1] = a;
        return Ops.Transpose(Ops.Softmax(Ops.Transpose(x, swap)), swap);
    }
}
