using OneBatch.Layers;
using OneBatch.Models;

namespace OneBatch.IO.Keras.Saved;

/// <summary>The weights a model file carries with its architecture (a <c>.keras</c>, a full <c>.h5</c>, a TF.js model's shards).</summary>
/// <param name="Description">Where they are, for the summary: <c>'model.keras' (model.weights.h5)</c>.</param>
/// <param name="Assign">Sets a model built from the file to them; <c>classNames</c> is the file's class per layer.</param>
internal sealed record FileWeights(string Description, Action<Model, IReadOnlyDictionary<Layer, string>> Assign);
