using OneBatch.Layers;

namespace OneBatch.IO.Keras.Layers;

/// <summary>Readers for Keras's Permute (<c>dims</c>, counted from 1 after the batch axis) and RepeatVector (<c>n</c>), which only move values.</summary>
internal static class RearrangingReaders
{
    public static (string, Func<KerasConfig, Layer>)[] All { get; } =
    [
        ("Permute", c => new Permute(c.IntList("dims") ?? throw c.Invalid("dims", "a list of axes"), name: c.Name)),
        ("RepeatVector", c => new RepeatVector(c.Int("n", 0), name: c.Name)),
    ];
}
