using OneBatch.Layers;

namespace OneBatch.Models;

/// <summary>Entry points named as in Keras's top-level <c>keras</c> module.</summary>
public static class Keras
{
    /// <summary>
    /// A symbolic model input of a per-sample <paramref name="shape"/> (no batch axis), like <c>keras.Input(shape=...)</c>:
    /// apply layers to it, then make a <see cref="Functional"/> model from it and the outputs.
    /// </summary>
    public static KerasTensor Input(int[] shape, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var layer = new InputLayer(shape, name);
        return layer.Output;
    }
}
