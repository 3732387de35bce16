using OneBatch.Layers;

namespace OneBatch.IO.Keras;

/// <summary>
/// How the calls of a layer class are read when they carry more than a list of input tensors
/// (<c>MultiHeadAttention()(query, value, key=k, use_causal_mask=True)</c>): the names of its tensor parameters in
/// call order, which <see cref="CallSpec.Arranged"/> finds positionally or by keyword, and the settings a call passes,
/// applied to the layer.
/// </summary>
internal sealed record CallReader(IReadOnlyList<string> Parameters, CallReader.Settings Apply)
{
    /// <summary>Applies what <paramref name="call"/> sets (use_causal_mask) to <paramref name="layer"/>; a later call
    /// (<paramref name="first"/> false) of a shared layer must set the same, or it fails naming the setting.</summary>
    public delegate void Settings(Layer layer, CallSpec call, bool first, KerasConfig config);
}
