using OneBatch.IO.Data;
using OneBatch.Tensors;
using OneBatch.Tests.IO;
using OneBatch.Utils;

namespace OneBatch.Tests.Cli;

/// <summary>The batch the CLI tests check <see cref="KerasSamples.Keras3"/> on, as files in a test's folder.</summary>
internal static class SampleBatchFiles
{
    /// <summary>
    /// Writes <c>x.npy</c> (8 samples of 4 features, uniform, seed 4) and <c>y.npy</c> (their one-hot targets over 3
    /// classes); returns the class labels.
    /// </summary>
    public static Tensor Write(TempFolder dir)
    {
        var random = new RandomGenerator(4);
        var labels = random.Integers(new Shape(8), 0, 3);
        NpyWriter.Write(dir.File("x.npy"), random.Uniform(new Shape(8, 4)));
        NpyWriter.Write(dir.File("y.npy"), Categorical.ToCategorical(labels, 3));
        return labels;
    }
}
