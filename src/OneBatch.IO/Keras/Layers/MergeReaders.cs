using System.Text.Json;
using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>
/// Readers for Keras's merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot, and Keras
/// 1's single <c>Merge</c> layer, whose <c>mode</c> names one of them.
/// </summary>
internal static class MergeReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("Add", c => new Add(c.Name)),
        ("Subtract", c => new Subtract(c.Name)),
        ("Multiply", c => new Multiply(c.Name)),
        ("Average", c => new Average(c.Name)),
        ("Maximum", c => new Maximum(c.Name)),
        ("Minimum", c => new Minimum(c.Name)),
        ("Concatenate", c => new Concatenate(c.Int("axis", -1), c.Name)),
        ("Dot", Dot),
        ("Merge", Merge),
    ];

    private static Layer Dot(KerasConfig c) =>
        new Dot(c.Ints("axes", 2) ?? throw c.Invalid("axes", "one or two axes"), c.Bool("normalize", false), c.Name);

    // Keras 1: merge(inputs, mode='sum' | 'mul' | 'concat' | 'ave' | 'max' | 'dot' | 'cos', concat_axis, dot_axes).
    private static Layer Merge(KerasConfig c)
    {
        string mode = c.Get("mode") is { ValueKind: JsonValueKind.String } m ? m.GetString()! : "sum";
        return mode switch
        {
            "sum" => new Add(c.Name),
            "mul" => new Multiply(c.Name),
            "ave" => new Average(c.Name),
            "max" => new Maximum(c.Name),
            "concat" => new Concatenate(c.Int("concat_axis", -1), c.Name),
            "dot" or "cos" => new Dot(c.Ints("dot_axes", 2) ?? [-1, -1], normalize: mode == "cos", c.Name),
            _ => throw c.Unsupported("mode", mode),
        };
    }
}
