using OneBatch.IO.Keras.Layers;
using OneBatch.Layers;

namespace OneBatch.IO.Keras;

/// <summary>
/// The one table of Keras layer classes OneBatch reads: each family of layers (core, convolution, pooling,
/// normalization, merge, recurrent, attention, wrappers, activations, preprocessing, augmentation, regularization,
/// rearranging) has a small reader per class in <c>Keras/Layers/</c>, and this
/// table gathers them. A reader
/// checks its class's config and builds the OneBatch layer; a setting the engine cannot honour is an error naming the
/// layer and the setting, never silently dropped.
/// </summary>
internal static class LayerReaders
{
    /// <summary>Class name to reader, for every layer class that is not a model.</summary>
    public static IReadOnlyDictionary<string, Func<KerasConfig, Layer>> Table { get; } = Gather(
        CoreReaders.All,
        ConvolutionReaders.All,
        Convolution1DReaders.All,
        PoolingReaders.All,
        Pooling1DReaders.All,
        Reshaping1DReaders.All,
        Reshaping2DReaders.All,
        NormalizationReaders.All,
        MergeReaders.All,
        WrapperReaders.All,
        AttentionReaders.All,
        RecurrentReaders.All,
        ActivationReaders.All,
        PreprocessingReaders.All,
        AugmentationReaders.All,
        RegularizationLayerReaders.All,
        RearrangingReaders.All);

    /// <summary>
    /// The classes whose calls carry more than a list of tensors (attention: a query, a value and a key, given
    /// positionally or by keyword, and call settings such as use_causal_mask); the others take the tensors of a
    /// call's positional arguments, in order.
    /// </summary>
    public static IReadOnlyDictionary<string, CallReader> Calls { get; } = AttentionReaders.Calls.ToDictionary(c => c.ClassName, c => c.Reader, StringComparer.Ordinal);

    /// <summary>The class names of models, which <see cref="ModelReader"/> reads (they nest as layers).</summary>
    public static IReadOnlyList<string> ModelClasses { get; } = ["Sequential", "Functional", "Model"];

    /// <summary>Builds the layer a config describes, or fails naming the class when OneBatch has no such layer.</summary>
    public static Layer Read(KerasConfig c)
    {
        if (!Table.TryGetValue(c.ClassName, out var read) || c.IsCustom)
        {
            throw c.Error(KerasLayerClasses.Refusal(c, Table.Keys));
        }

        Layer layer;
        try
        {
            layer = read(c);
        }
        catch (ArgumentException e)
        {
            throw c.Error($"cannot be built: {e.Sentence()}");
        }

        if (!c.Bool("trainable", true))
        {
            layer.Trainable = false;
        }

        return layer;
    }

    private static Dictionary<string, Func<KerasConfig, Layer>> Gather(params (string ClassName, Func<KerasConfig, Layer> Read)[][] families)
    {
        var table = new Dictionary<string, Func<KerasConfig, Layer>>(StringComparer.Ordinal);
        foreach (var (className, read) in families.SelectMany(f => f))
        {
            table.Add(className, read);
        }

        return table;
    }
}
