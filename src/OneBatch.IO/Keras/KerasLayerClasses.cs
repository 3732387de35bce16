namespace OneBatch.IO.Keras;

/// <summary>
/// Why a layer class OneBatch has no reader for is refused, in one sentence: a layer that holds Python code (Lambda,
/// TensorFlow's op layers, a custom class) cannot run anywhere but Python; a Keras layer OneBatch lacks is named as
/// such; a name Keras never had but close to one it reads is most likely a typo.
/// </summary>
internal static class KerasLayerClasses
{
    // The layer classes of Keras 1, tf.keras 2, Keras 3 and TensorFlow.js (aliases included), so that a class outside
    // them is known to be the user's own.
    private static readonly HashSet<string> Keras = new(StringComparer.Ordinal)
    {
        "AbstractRNNCell", "Activation", "ActivityRegularization", "Add", "AdditiveAttention", "AlphaDropout", "AtrousConvolution1D",
        "AtrousConvolution2D", "Attention", "AugMix", "AutoContrast", "Average", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
        "AvgPool1D", "AvgPool2D", "AvgPool3D", "BatchNormalization", "Bidirectional", "CategoryEncoding", "CenterCrop", "Concatenate",
        "Conv1D", "Conv1DTranspose", "Conv2D", "Conv2DTranspose", "Conv3D", "Conv3DTranspose", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D",
        "Convolution1D", "Convolution1DTranspose", "Convolution2D", "Convolution2DTranspose", "Convolution3D", "Convolution3DTranspose",
        "Cropping1D", "Cropping2D", "Cropping3D", "CuDNNGRU", "CuDNNLSTM", "Deconvolution2D", "Deconvolution3D", "Dense", "DenseFeatures",
        "DepthwiseConv1D", "DepthwiseConv2D", "Discretization", "Dot", "Dropout", "ELU", "EinsumDense", "Embedding", "Equalization",
        "Flatten", "GRU", "GRUCell", "GaussianDropout", "GaussianNoise", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
        "GlobalAveragePooling3D", "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D", "GlobalMaxPool1D", "GlobalMaxPool2D",
        "GlobalMaxPool3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GroupNormalization", "GroupQueryAttention",
        "HashedCrossing", "Hashing", "Highway", "Identity", "InputLayer", "IntegerLookup", "LSTM", "LSTMCell", "Lambda", "LayerNormalization",
        "LeakyReLU", "LocallyConnected1D", "LocallyConnected2D", "Masking", "MaxPool1D", "MaxPool2D", "MaxPool3D", "MaxPooling1D",
        "MaxPooling2D", "MaxPooling3D", "Maximum", "MaxoutDense", "MelSpectrogram", "Merge", "Minimum", "MixUp", "MultiHeadAttention",
        "Multiply", "Normalization", "PReLU", "ParametricSoftplus", "PeepholeLSTMCell", "Permute", "Pipeline", "RMSNormalization", "RNN",
        "RandAugment", "RandomBrightness", "RandomColorDegeneration", "RandomColorJitter", "RandomContrast", "RandomCrop",
        "RandomElasticTransform", "RandomErasing", "RandomFlip", "RandomGaussianBlur", "RandomGrayscale", "RandomHeight", "RandomHue",
        "RandomInvert", "RandomPerspective", "RandomPosterization", "RandomRotation", "RandomSaturation", "RandomSharpness", "RandomShear",
        "RandomTranslation", "RandomWidth", "RandomZoom", "ReLU", "RepeatVector", "Rescaling", "Reshape", "Resizing", "SReLU",
        "STFTSpectrogram", "SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D", "SeparableConvolution2D", "SimpleRNN",
        "SimpleRNNCell", "Softmax", "Solarization", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "SpectralNormalization",
        "StackedRNNCells", "StringLookup", "Subtract", "SyncBatchNormalization", "TextVectorization", "ThresholdedReLU", "TimeDistributed",
        "TimeDistributedDense", "UnitNormalization", "UpSampling1D", "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D",
        "ZeroPadding3D",
    };

    /// <summary>The sentence (after the layer's label) that says why OneBatch cannot read a layer of this class.</summary>
    public static string Refusal(KerasConfig c, IEnumerable<string> supported)
    {
        string className = c.ClassName;
        if (c.IsCustom)
        {
            return $"is a custom class from the module {c.Module}, whose Python code is not in the file, so OneBatch cannot run it.";
        }

        switch (className)
        {
            case "Lambda":
                return "holds Python code (the function a Lambda layer calls), which OneBatch cannot run.";
            case "TFOpLambda" or "SlicingOpLambda":
                string function = c.Get("function") is { ValueKind: System.Text.Json.JsonValueKind.String } f ? $" tf.{f.GetString()}" : string.Empty;
                return $"holds a call to the TensorFlow function{function} that Keras recorded from Python code, which OneBatch cannot run.";
            case "TensorFlowOpLayer":
                string op = c.Get("node_def") is { ValueKind: System.Text.Json.JsonValueKind.Object } node && node.TryGetProperty("op", out var o) && o.ValueKind == System.Text.Json.JsonValueKind.String
                    ? $" {JsonText.OneLine(o.GetString()!, 40)}" : string.Empty;
                return $"holds the raw TensorFlow operation{op} that Keras recorded from Python code, which OneBatch cannot run.";
            case "TFSMLayer" or "TorchModuleWrapper" or "JaxLayer" or "FlaxLayer":
                return "wraps code of another framework (a SavedModel, PyTorch or JAX), which OneBatch cannot run.";
        }

        // Keras 3 records an operation on Keras tensors (keras.ops.not_equal, ...) as a layer of its module.
        if (c.Module is { } module && (module.StartsWith("keras.src.ops", StringComparison.Ordinal) || module.StartsWith("keras.ops", StringComparison.Ordinal)))
        {
            return "is a Keras operation (keras.ops) that OneBatch does not read yet.";
        }

        if (Keras.Contains(className))
        {
            return "is a Keras layer OneBatch does not read yet (the README lists those it does).";
        }

        var near = supported.Concat(Keras).Distinct()
            .Select(name => (Name: name, Distance: Distance(name.ToLowerInvariant(), className.ToLowerInvariant())))
            .Where(n => n.Distance <= Math.Max(1, className.Length / 5)).OrderBy(n => n.Distance).FirstOrDefault();
        return near.Name is { } guess
            ? $"is of class {className}, which Keras does not have: did you mean {guess}?"
            : "is not a Keras layer but a custom class, whose Python code is not in the file, so OneBatch cannot run it.";
    }

    // Levenshtein distance, for the typo guess.
    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
