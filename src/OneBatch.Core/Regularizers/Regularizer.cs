using OneBatch.Autodiff;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Regularizers;

/// <summary>
/// A penalty on a weight or on a layer's output, added to the loss the optimizer minimizes, like
/// <c>keras.regularizers.Regularizer</c>. The penalty is computed with <see cref="Ops"/>, so it has a gradient. A Keras
/// identifier converts implicitly, so <c>KernelRegularizer = "l2"</c> works wherever a regularizer is accepted.
/// </summary>
public abstract class Regularizer
{
    /// <summary>The Keras class name, such as <c>L2</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The penalty of <paramref name="x"/>, a scalar tensor.</summary>
    public abstract Tensor Call(Tensor x);

    public static implicit operator Regularizer(string name) => Get(name);

    /// <summary>
    /// Every regularizer by its Keras string identifiers, at the settings Keras gives each: <c>l1</c> and <c>l2</c>
    /// 0.01, and <c>l1_l2</c> 0.01 for both (the string's documented meaning; the <see cref="L1L2"/> class itself
    /// defaults to 0).
    /// </summary>
    public static NameTable<Func<Regularizer>> Registry { get; } = new NameTable<Func<Regularizer>>("regularizer")
        .Add("l1", () => new L1())
        .Add("l2", () => new L2())
        .Add("l1_l2", () => new L1L2(0.01f, 0.01f));

    /// <summary>The regularizer with a Keras identifier (<c>l1</c>, <c>l2</c>, <c>l1_l2</c>).</summary>
    public static Regularizer Get(string name) => Registry.Get(name)();

    /// <summary>A penalty factor as Keras validates it: finite and not negative.</summary>
    private protected static float Factor(float value, string name) =>
        float.IsFinite(value) && value >= 0f
            ? value
            : throw new ArgumentOutOfRangeException(name, $"A regularization factor must be a finite number >= 0; got {name} = {value}.");

    /// <summary>factor * sum(|x|).</summary>
    private protected static Tensor SumAbs(Tensor x, float factor) => Ops.Scale(Ops.Sum(Ops.Abs(x)), factor);

    /// <summary>factor * sum(x^2).</summary>
    private protected static Tensor SumSquares(Tensor x, float factor) => Ops.Scale(Ops.Sum(Ops.Square(x)), factor);
}
