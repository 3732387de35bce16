using OneBatch.Tensors;

namespace OneBatch.Autodiff;

/// <summary>
/// A named, mutable tensor that an optimizer updates in place (a layer's kernel or bias), like <c>keras.Variable</c>.
/// Its <see cref="Value"/> keeps its identity for the variable's whole life, so a tape finds it by reference.
/// </summary>
public sealed class Variable
{
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

    public bool Trainable { get; set; }

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
