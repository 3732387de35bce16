using OneBatch.Tensors;

namespace OneBatch.IO.Keras.Saved;

/// <summary>One weight array as a file stores it: its name there, its shape and its values.</summary>
internal sealed record SavedArray(string Name, Shape Shape, float[] Values);

/// <summary>The weights a file stores for one layer, in the order the file gives them.</summary>
internal sealed record SavedLayer(string Name, IReadOnlyList<SavedArray> Arrays);
