namespace OneBatch.Check.Diagnostics;

/// <summary>Facts about a model's structure read from its layers' evidence: which layers are linear, which ones every path to an output goes through.</summary>
internal static class ModelStructure
{
    /// <summary>Layer classes that compute a linear (affine) map of their inputs, per sample, when their activation is linear.</summary>
    private static readonly HashSet<string> LinearKinds = new(StringComparer.Ordinal)
    {
        "Dense", "Conv1D", "Conv2D", "Conv2DTranspose", "DepthwiseConv2D", "SeparableConv2D", "Activation",
        "Flatten", "Reshape", "Permute", "RepeatVector", "Rescaling", "Normalization", "BatchNormalization",
        "Dropout", "AlphaDropout", "GaussianDropout", "GaussianNoise", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
        "ActivityRegularization", "Add", "Subtract", "Average", "Concatenate",
        "AveragePooling1D", "AveragePooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
        "ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D", "UpSampling1D", "UpSampling2D",
    };

    /// <summary>Activations that squash an output without changing its decision: linear for this purpose at an output layer (a logistic regression).</summary>
    private static readonly HashSet<string> OutputLinks = new(StringComparer.Ordinal) { "sigmoid", "softmax" };

    public static bool IsLinearActivation(string? activation) => activation is null or "linear";

    /// <summary>The layers that feed no other layer: the model's outputs.</summary>
    public static HashSet<string> OutputLayers(IReadOnlyList<LayerEvidence> layers)
    {
        var feeding = layers.SelectMany(l => l.Inputs).ToHashSet(StringComparer.Ordinal);
        return layers.Where(l => !feeding.Contains(l.Name)).Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The first layer (in order) that makes the model nonlinear, or null when every path is linear end to end.</summary>
    public static LayerEvidence? FirstNonlinear(IReadOnlyList<LayerEvidence> layers)
    {
        var outputs = OutputLayers(layers);
        foreach (var layer in layers)
        {
            bool linearKind = LinearKinds.Contains(layer.Kind);
            bool linearActivation = IsLinearActivation(layer.Activation) || (outputs.Contains(layer.Name) && OutputLinks.Contains(layer.Activation!));
            if (!linearKind || !linearActivation)
            {
                return layer;
            }
        }

        return null;
    }

    /// <summary>
    /// The layers, other than <paramref name="output"/> itself, that every path from the model's inputs to
    /// <paramref name="output"/> goes through, in layer order.
    /// </summary>
    public static IReadOnlyList<LayerEvidence> Chokepoints(IReadOnlyList<LayerEvidence> layers, string output)
    {
        var byName = layers.ToDictionary(l => l.Name, StringComparer.Ordinal);
        if (!byName.ContainsKey(output))
        {
            return [];
        }

        var upstream = Upstream(byName, output, without: null);
        var result = new List<LayerEvidence>();
        foreach (var layer in layers)
        {
            if (layer.Name != output && upstream.Contains(layer.Name) && !Reached(byName, output, without: layer.Name))
            {
                result.Add(layer);
            }
        }

        return result;
    }

    // Whether a model input reaches `output` through layers other than `without`.
    private static bool Reached(Dictionary<string, LayerEvidence> byName, string output, string? without) =>
        Upstream(byName, output, without).Any(n => byName[n].TakesModelInput);

    private static HashSet<string> Upstream(Dictionary<string, LayerEvidence> byName, string output, string? without)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        stack.Push(output);
        while (stack.Count > 0)
        {
            string name = stack.Pop();
            if (name == without || !seen.Add(name))
            {
                continue;
            }

            foreach (string input in byName[name].Inputs)
            {
                stack.Push(input);
            }
        }

        return seen;
    }
}
