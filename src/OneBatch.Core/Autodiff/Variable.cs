using OneBatch.Constraints;
using OneBatch.Regularizers;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

/// <summary>
/// A named, mutable tensor that an optimizer updates in place (a layer's kernel or bias), like <c>keras.Variable</c>.
/// Its <see cref="Value"/> keeps its identity for the variable's whole life, so a tape finds it by reference.
/// </summary>
public sealed class Variable
{
    // Bumped whenever which variables a model trains may have changed (a variable or a layer frozen or unfrozen, a
    // layer built or added): cached lists of weights compare it. A layer can belong to several models, so it cannot
    // tell its models itself.
    private static int s_epoch;

    private bool _trainable;
    private Regularizer? _regularizer;

    public Variable(Tensor value, string name, bool trainable = true)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Value = value;
        Name = name;
        Trainable = trainable;
    }

    public Tensor Value { get; }

    /// <summary>The variable's path, such as <c>dense_1/kernel</c>.</summary>
    public string Name { get; }

    /// <summary>When false, optimizers leave the variable alone (a BatchNormalization's moving statistics, ...).</summary>
    public bool Trainable
    {
        get => _trainable;
        set
        {
            _trainable = value;
            Touch();
        }
    }

    /// <summary>
    /// The penalty on this variable added to the training loss while it trains (Keras's <c>variable.regularizer</c>),
    /// set by the layer that owns it from its regularizer settings.
    /// </summary>
    public Regularizer? Regularizer
    {
        get => _regularizer;
        set
        {
            _regularizer = value;
            Touch();
        }
    }

    /// <summary>
    /// The projection an optimizer applies to this variable right after updating it (Keras's <c>variable.constraint</c>),
    /// set by the layer that owns it from its constraint settings.
    /// </summary>
    public Constraint? Constraint { get; set; }

    /// <summary>Changes whenever the trainable variables of some model may have changed.</summary>
    internal static int Epoch => Volatile.Read(ref s_epoch);

    /// <summary>Says that the trainable variables of some model may have changed.</summary>
    internal static void Touch() => Interlocked.Increment(ref s_epoch);

    public Shape Shape => Value.Shape;

    /// <summary>Copies <paramref name="value"/> into this variable (shapes must match).</summary>
    public void Assign(Tensor value) => Value.CopyFrom(value);

    public void Assign(ReadOnlySpan<float> values)
    {
        if (values.Length != Value.Size)
        {
            throw new ArgumentException($"Variable '{Name}' of shape {Shape} needs {Value.Size} values; got {values.Length}.");
        }

        values.CopyTo(Value.Span);
    }

    public static implicit operator Tensor(Variable v) => v.Value;

    public override string ToString() => $"Variable '{Name}' {Shape}";
}
