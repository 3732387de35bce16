using OneBatch.Autodiff;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Constraints;

/// <summary>
/// A projection applied to a weight after each optimizer update, like <c>keras.constraints.Constraint</c>: the
/// optimizer applies a variable's <see cref="Variable.Constraint"/> right after updating it, in place and without
/// allocating. A Keras identifier converts implicitly, so <c>KernelConstraint = "non_neg"</c> works.
/// </summary>
public abstract class Constraint
{
    /// <summary>The Keras class name, such as <c>MaxNorm</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Projects <paramref name="values"/>, the weight of <paramref name="shape"/>, in place.</summary>
    public abstract void Apply(Span<float> values, Shape shape);

    /// <summary>Projects a variable's value in place.</summary>
    public void Apply(Variable variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        Apply(variable.Value.Span, variable.Shape);
    }

    /// <summary>Fails with a clear message when the constraint cannot apply to a weight of <paramref name="shape"/> (an axis it lacks).</summary>
    public virtual void Validate(Shape shape)
    {
    }

    public static implicit operator Constraint(string name) => Get(name);

    /// <summary>Every constraint by its Keras identifiers, at Keras's default settings.</summary>
    public static NameTable<Func<Constraint>> Registry { get; } = new NameTable<Func<Constraint>>("constraint")
        .Add("max_norm", () => new MaxNorm())
        .Add("non_neg", () => new NonNeg())
        .Add("unit_norm", () => new UnitNorm())
        .Add("min_max_norm", () => new MinMaxNorm());

    /// <summary>The constraint with a Keras identifier (<c>max_norm</c>, <c>non_neg</c>, <c>unit_norm</c>, <c>min_max_norm</c>).</summary>
    public static Constraint Get(string name) => Registry.Get(name)();
}
